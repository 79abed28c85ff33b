// A small client of telcred's WebRTC gateway: the Telnyx-RTC JSON-RPC protocol over one WebSocket
// to /rtc, as the SDKs speak it (spec/rtc-protocol.md), for one page to place and take calls.
//
//   const client = new RtcClient({ iceServers: [] });
//   client.addEventListener('state', () => show(client.state));      // disconnected → connecting → connected → registered
//   client.addEventListener('incoming', (e) => e.detail.call.answer());
//   await client.connect(rtcUrl(), { login, password });              // or { token }
//   const call = client.call('gencred…');
//   call.addEventListener('state', () => show(call.state, call.cause)); // trying, ringing, early, active, held, hangup
//
// Calls are audio only; session descriptions are sent complete (ICE gathered first), as the SDKs do
// by default. There is no reconnect: a dropped socket ends the session and its calls here.

/** How long a request may wait for its answer; the SDKs give modify, bye and ping 10 s. */
const ANSWER_TIMEOUT_MS = 10_000;
/** Pings after this long without a frame from the server (the SDKs wait 35 s; the server closes after 120 s). */
const PING_AFTER_MS = 30_000;
/** Gathering ICE candidates is cut short after this long; what was found by then is sent. */
const ICE_GATHERING_MS = 5_000;
/** Server requests the client acknowledges with {method} (the SDKs acknowledge exactly these). */
const ACKNOWLEDGED = new Set(['telnyx_rtc.invite', 'telnyx_rtc.answer', 'telnyx_rtc.media', 'telnyx_rtc.ringing',
  'telnyx_rtc.bye', 'telnyx_rtc.display', 'telnyx_rtc.candidate', 'telnyx_rtc.attach']);
const USER_AGENT = 'telcred-portal';

/** The gateway of the page's own server: ws://host/rtc, or wss:// when the page came over https. */
export function rtcUrl(location = window.location) {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/rtc`;
}

/** An error answer of the server, with its JSON-RPC code. */
export class RtcError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * One session on the gateway. Events: 'state' (see {@link RtcClient#state}; detail.reason says why
 * it ended, empty after {@link RtcClient#disconnect}), 'incoming' (detail.call, a ringing inbound
 * {@link RtcCall}).
 */
export class RtcClient extends EventTarget {
  #socket = null;
  #pending = new Map();
  #calls = new Map();
  #sessid = null;
  #state = 'disconnected';
  #pingTimer = null;
  #ready = null;

  /** @param {{iceServers?: RTCIceServer[]}} options the ICE servers of the calls' peer connections */
  constructor({ iceServers = [] } = {}) {
    super();
    this.iceServers = iceServers;
  }

  /** 'disconnected', 'connecting' (socket opening), 'connected' (logging in) or 'registered' (ready to call). */
  get state() {
    return this.#state;
  }

  get sessid() {
    return this.#sessid;
  }

  /**
   * Opens the socket and logs in with a credential's {login, password} or a login {token};
   * resolves once registered, rejects with the reason when refused.
   */
  connect(url, { login, password, token }) {
    if (this.#socket) {
      throw new Error('Already connected; disconnect first.');
    }
    const socket = new WebSocket(url);
    this.#socket = socket;
    this.#setState('connecting');
    const ready = new Promise((resolve, reject) => { this.#ready = { resolve, reject }; });
    socket.addEventListener('open', () => {
      this.#setState('connected');
      this.#resetPingTimer();
      const params = token ? { login_token: token } : { login, passwd: password };
      this.#request('login', {
        ...params, userVariables: {}, reconnection: false, loginParams: {},
        'User-Agent': { sdkVersion: USER_AGENT, data: navigator.userAgent },
      }).then((result) => {
        this.#sessid = result.sessid;
      }, (error) => this.#end(`Login refused: ${error.message}`));
    });
    socket.addEventListener('message', (event) => {
      if (this.#socket === socket) this.#onFrame(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (this.#socket === socket) {
        this.#end(event.reason ? `The server closed the connection: ${event.reason}.` : 'The connection closed.');
      }
    });
    return ready;
  }

  /** Hangs up every call and closes the session. */
  disconnect() {
    for (const call of this.#calls.values()) {
      call.hangup();
    }
    this.#end('');
  }

  /**
   * Calls a destination (another credential's username). The call is returned at once, 'trying';
   * when it cannot be placed it ends ('hangup') and fires 'error' with the reason.
   */
  call(destination, { callerName = '' } = {}) {
    if (this.#state !== 'registered') {
      throw new Error('Not registered.');
    }
    const call = new RtcCall(this, crypto.randomUUID(), 'outbound', destination);
    this.#calls.set(call.id, call);
    call.start(callerName);
    return call;
  }

  // ----- for RtcCall -----

  /** Sends a request inside a call: with the session and the call's id. */
  callRequest(method, callId, params = {}) {
    return this.#request(method, { sessid: this.#sessid, ...params, dialogParams: { callID: callId, ...params.dialogParams } });
  }

  forget(call) {
    this.#calls.delete(call.id);
  }

  // ----- the protocol -----

  #request(method, params) {
    const id = crypto.randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RtcError(0, `no answer to ${method} within ${ANSWER_TIMEOUT_MS / 1000} s`));
      }, ANSWER_TIMEOUT_MS);
      this.#pending.set(id, { resolve, reject, timer });
      this.#send({ jsonrpc: '2.0', id, method, params });
    });
  }

  #send(frame) {
    if (this.#socket?.readyState === WebSocket.OPEN) {
      this.#socket.send(JSON.stringify(frame));
    }
  }

  #onFrame(text) {
    this.#resetPingTimer();
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (!frame.method) {
      this.#onAnswer(frame);
      return;
    }
    if (ACKNOWLEDGED.has(frame.method)) {
      this.#send({ jsonrpc: '2.0', id: frame.id, result: { method: frame.method } });
    }
    this.#onRequest(frame.method, frame.params ?? {});
  }

  #onAnswer(frame) {
    const pending = this.#pending.get(frame.id);
    if (!pending) return;
    this.#pending.delete(frame.id);
    clearTimeout(pending.timer);
    if (frame.error) {
      pending.reject(new RtcError(frame.error.code, frame.error.message ?? 'refused'));
    } else {
      pending.resolve(frame.result ?? {});
    }
  }

  #onRequest(method, params) {
    switch (method) {
      case 'telnyx_rtc.clientReady':
        // Logged in; the SDKs become ready when the gateway says it is registered.
        this.#request('telnyx_rtc.gatewayState', {})
          .then((result) => this.#gatewayState(result.params?.state), (error) => this.#end(error.message));
        break;
      case 'telnyx_rtc.gatewayState':
        this.#gatewayState(params.state);
        break;
      case 'telnyx_rtc.ping':
        // Not answered with a result: the client pings back.
        this.#request('telnyx_rtc.ping', { sessid: this.#sessid }).catch(() => {});
        break;
      case 'telnyx_rtc.punt':
        this.#end('Logged out by the server (the credential was revoked, or logged in elsewhere).');
        break;
      case 'telnyx_rtc.invite':
        this.#incoming(params);
        break;
      default:
        this.#calls.get(params.callID)?.onRequest(method, params);
    }
  }

  #gatewayState(state) {
    if (state === 'REGED') {
      this.#setState('registered');
      this.#ready?.resolve();
      this.#ready = null;
    } else {
      this.#end(`The gateway is not registered (${state}).`);
    }
  }

  #incoming(params) {
    const call = new RtcCall(this, params.callID, 'inbound', params.caller_id_number, params.caller_id_name);
    call.remoteOffer = params.sdp;
    // One call at a time: a second caller hears busy.
    if (this.#calls.size > 0) {
      this.callRequest('telnyx_rtc.bye', call.id, { cause: 'USER_BUSY', causeCode: 17 }).catch(() => {});
      return;
    }
    this.#calls.set(call.id, call);
    this.dispatchEvent(new CustomEvent('incoming', { detail: { call } }));
  }

  #resetPingTimer() {
    clearTimeout(this.#pingTimer);
    if (!this.#socket) return;
    this.#pingTimer = setTimeout(() => {
      this.#request('telnyx_rtc.ping', { sessid: this.#sessid })
        .catch(() => this.#end('The server stopped answering.'));
      this.#resetPingTimer();
    }, PING_AFTER_MS);
  }

  /** Ends the session; reason says why, or is empty when the page asked for it. */
  #end(reason) {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    this.#sessid = null;
    clearTimeout(this.#pingTimer);
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new RtcError(0, reason || 'Disconnected.'));
    }
    this.#pending.clear();
    for (const call of this.#calls.values()) {
      call.ended('NORMAL_TEMPORARY_FAILURE');
    }
    this.#calls.clear();
    socket.close(1000);
    this.#setState('disconnected', reason);
    this.#ready?.reject(new Error(reason || 'Disconnected.'));
    this.#ready = null;
  }

  #setState(state, reason = '') {
    this.#state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, reason } }));
  }
}

/**
 * One audio call. Events: 'state' ({@link RtcCall#state}), 'error' (detail.message: why it could
 * not be placed or answered), 'localstream' (detail.stream, the microphone), 'remotestream'
 * (detail.stream, to play), 'audio' (detail.playing: false while held), 'dtmf' (detail.digits,
 * received from the far end).
 */
export class RtcCall extends EventTarget {
  #client;
  #pc = null;
  #muted = false;
  #held = false;

  constructor(client, id, direction, remoteNumber, remoteName = '') {
    super();
    this.#client = client;
    this.id = id;
    this.direction = direction;
    this.remoteNumber = remoteNumber ?? '';
    this.remoteName = remoteName ?? '';
    /** 'trying', 'ringing', 'early', 'active', 'held' or 'hangup'. */
    this.state = direction === 'inbound' ? 'ringing' : 'trying';
    /** The Q.850 cause name of the hangup (NORMAL_CLEARING, USER_BUSY, ...), once hung up. */
    this.cause = null;
    this.localStream = null;
    this.remoteOffer = null;
  }

  get muted() {
    return this.#muted;
  }

  get held() {
    return this.#held;
  }

  /** Outbound: the microphone, an offer with every ICE candidate, then telnyx_rtc.invite. */
  async start(callerName) {
    try {
      await this.#preparePeer();
      await this.#pc.setLocalDescription(await this.#pc.createOffer());
      const sdp = await this.#gatheredSdp();
      if (this.state === 'hangup') return;
      await this.#client.callRequest('telnyx_rtc.invite', this.id, {
        sdp,
        dialogParams: {
          destination_number: this.remoteNumber, caller_id_name: callerName, caller_id_number: '',
          remote_caller_id_name: '', audio: true, video: false, userVariables: {},
        },
        'User-Agent': USER_AGENT,
      });
    } catch (error) {
      if (error instanceof RtcError) {
        this.#failed(error, 'CALL_REJECTED', 21);
      } else {
        this.#failed(error, 'NORMAL_TEMPORARY_FAILURE', 41);
      }
    }
  }

  /** Inbound: answers with the microphone. */
  async answer() {
    if (this.direction !== 'inbound' || this.state !== 'ringing') return;
    try {
      await this.#preparePeer();
      await this.#pc.setRemoteDescription({ type: 'offer', sdp: this.remoteOffer });
      await this.#pc.setLocalDescription(await this.#pc.createAnswer());
      const sdp = await this.#gatheredSdp();
      await this.#client.callRequest('telnyx_rtc.answer', this.id, { sdp });
      this.#setState('active');
    } catch (error) {
      this.#failed(error, 'NORMAL_TEMPORARY_FAILURE', 41);
    }
  }

  /** Inbound, before answering: the caller hears busy, as when the SDKs reject. */
  reject() {
    this.#bye('USER_BUSY', 17);
  }

  /**
   * Ends the call: NORMAL_CLEARING once answered; before that, a caller cancels (ORIGINATOR_CANCEL)
   * and a callee rejects.
   */
  hangup() {
    if (this.state === 'active' || this.state === 'held') {
      this.#bye('NORMAL_CLEARING', 16);
    } else if (this.direction === 'outbound') {
      this.#bye('ORIGINATOR_CANCEL', 487);
    } else {
      this.reject();
    }
  }

  /** Holds or resumes (telnyx_rtc.modify); while held, this side neither sends nor plays sound. */
  async hold(held) {
    const result = await this.#client.callRequest('telnyx_rtc.modify', this.id, { action: held ? 'hold' : 'unhold' });
    this.#held = result.holdState === 'held';
    this.#applyAudio();
    this.#setState(this.#held ? 'held' : 'active');
  }

  /** Stops or resumes sending the microphone; the far end hears silence. */
  mute(muted) {
    this.#muted = muted;
    this.#applyAudio();
  }

  /** Sends digits (0-9, *, #) as the SDKs do, in telnyx_rtc.info; the gateway passes them on. */
  dtmf(digits) {
    return this.#client.callRequest('telnyx_rtc.info', this.id, { dtmf: digits });
  }

  /** A request of the server about this call. */
  async onRequest(method, params) {
    try {
      switch (method) {
        case 'telnyx_rtc.ringing':
          if (this.state === 'trying') this.#setState('ringing');
          break;
        case 'telnyx_rtc.media':
          await this.#remoteAnswer(params.sdp);
          this.#setState('early');
          break;
        case 'telnyx_rtc.answer':
          await this.#remoteAnswer(params.sdp);
          this.#setState('active');
          break;
        case 'telnyx_rtc.candidate':
          await this.#pc?.addIceCandidate({ candidate: params.candidate, sdpMid: params.sdpMid, sdpMLineIndex: params.sdpMLineIndex });
          break;
        case 'telnyx_rtc.info':
          if (params.dtmf) this.dispatchEvent(new CustomEvent('dtmf', { detail: { digits: params.dtmf } }));
          break;
        case 'telnyx_rtc.bye':
          this.ended(params.cause ?? 'NORMAL_CLEARING');
          break;
        default:
      }
    } catch (error) {
      // The far end's session description or candidate does not fit this browser.
      this.#failed(error, 'INCOMPATIBLE_DESTINATION', 88);
    }
  }

  /** The call is over, for the given cause: the microphone and the peer connection are let go. */
  ended(cause) {
    if (this.state === 'hangup') return;
    this.cause = cause;
    this.#pc?.close();
    this.localStream?.getTracks().forEach((track) => track.stop());
    this.#client.forget(this);
    this.#setState('hangup');
  }

  #failed(error, cause, causeCode) {
    if (this.state === 'hangup') return;
    this.dispatchEvent(new CustomEvent('error', { detail: { message: error.message } }));
    this.#bye(cause, causeCode);
  }

  #bye(cause, causeCode) {
    if (this.state === 'hangup') return;
    this.#client.callRequest('telnyx_rtc.bye', this.id, { cause, causeCode }).catch(() => {});
    this.ended(cause);
  }

  async #preparePeer() {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    if (this.state === 'hangup') {
      // Ended while the browser was asking for the microphone: let it go at once.
      stream.getTracks().forEach((track) => track.stop());
      throw new Error('The call has ended.');
    }
    this.localStream = stream;
    this.dispatchEvent(new CustomEvent('localstream', { detail: { stream: this.localStream } }));
    this.#pc = new RTCPeerConnection({ iceServers: this.#client.iceServers });
    for (const track of this.localStream.getAudioTracks()) {
      this.#pc.addTrack(track, this.localStream);
    }
    this.#pc.addEventListener('track', (event) => {
      const remote = event.streams[0] ?? new MediaStream([event.track]);
      this.dispatchEvent(new CustomEvent('remotestream', { detail: { stream: remote } }));
    });
  }

  /** The local description once every candidate is in it (or after {@link ICE_GATHERING_MS}). */
  async #gatheredSdp() {
    const pc = this.#pc;
    if (pc.iceGatheringState !== 'complete') {
      await new Promise((resolve) => {
        const timer = setTimeout(done, ICE_GATHERING_MS);
        function done() {
          clearTimeout(timer);
          pc.removeEventListener('icegatheringstatechange', check);
          resolve();
        }
        function check() {
          if (pc.iceGatheringState === 'complete') done();
        }
        pc.addEventListener('icegatheringstatechange', check);
      });
    }
    return pc.localDescription.sdp;
  }

  async #remoteAnswer(sdp) {
    if (this.#pc && !this.#pc.currentRemoteDescription && sdp) {
      await this.#pc.setRemoteDescription({ type: 'answer', sdp });
    }
  }

  #applyAudio() {
    const sending = !this.#muted && !this.#held;
    this.localStream?.getAudioTracks().forEach((track) => { track.enabled = sending; });
    this.dispatchEvent(new CustomEvent('audio', { detail: { playing: !this.#held } }));
  }

  #setState(state) {
    if (this.state === 'hangup') return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state } }));
  }
}
