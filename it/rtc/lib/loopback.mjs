// Shared by the browser suites (it/rtc, it/portal): a page script that keeps WebRTC on 127.0.0.1.

/**
 * Runs in every page before its scripts. Keeps only 127.0.0.1 candidates in every session
 * description the page hands out (localDescription) or takes in (setRemoteDescription,
 * addIceCandidate), so that media goes to loopback only; records every RTCPeerConnection and
 * the iceServers it was made with.
 */
export function loopbackOnlyInit() {
    const isLoopbackCandidate = (line) => {
        const fields = line.replace(/^a=/, '').split(' ');
        return fields[4] === '127.0.0.1';
    };
    const keepLoopback = (sdp) => sdp.split('\r\n')
        .filter((line) => !line.startsWith('a=candidate:') || isLoopbackCandidate(line))
        .join('\r\n');
    const filtered = (description) => description && description.sdp
        ? { type: description.type, sdp: keepLoopback(description.sdp) }
        : description;
    const Native = window.RTCPeerConnection;
    window.peerConnections = [];
    class LoopbackPeerConnection extends Native {
        constructor(configuration, ...rest) {
            super(configuration, ...rest);
            window.peerConnections.push({ pc: this, iceServers: JSON.stringify(configuration?.iceServers ?? null) });
        }
        setRemoteDescription(description, ...rest) {
            return super.setRemoteDescription(filtered(description), ...rest);
        }
        addIceCandidate(candidate, ...rest) {
            if (candidate && candidate.candidate && !isLoopbackCandidate(candidate.candidate)) {
                return Promise.resolve();
            }
            return super.addIceCandidate(candidate, ...rest);
        }
    }
    for (const name of ['localDescription', 'currentLocalDescription', 'pendingLocalDescription']) {
        const getter = Object.getOwnPropertyDescriptor(Native.prototype, name).get;
        Object.defineProperty(LoopbackPeerConnection.prototype, name, {
            get() {
                const description = getter.call(this);
                return description && new RTCSessionDescription(filtered(description));
            },
        });
    }
    const nativeCandidate = Object.getOwnPropertyDescriptor(Native.prototype, 'onicecandidate');
    Object.defineProperty(LoopbackPeerConnection.prototype, 'onicecandidate', {
        get() { return nativeCandidate.get.call(this); },
        set(handler) {
            nativeCandidate.set.call(this, handler && ((event) => {
                if (event.candidate && event.candidate.candidate && !isLoopbackCandidate(event.candidate.candidate)) {
                    return undefined;
                }
                return handler.call(this, event);
            }));
        },
    });
    window.RTCPeerConnection = LoopbackPeerConnection;
}
