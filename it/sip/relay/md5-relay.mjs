#!/usr/bin/env node
// A transparent SIP relay that deletes every digest challenge whose algorithm is not MD5 from the
// 401/407 responses it passes back to the client. Nothing else is changed.
//
// Why: telcred offers two challenges per 401/407, SHA-256 first and MD5 second (RFC 8760 order).
// The SIP peers Debian bookworm ships cannot cope with that:
//   - SIPp 3.6.1 takes the first challenge and stops with
//     "createAuthHeader: authentication must use MD5 or AKAv1-MD5";
//   - baresip 1.0.0 (libre 1.1.0) refuses the whole response with ENOSYS
//     ("Register: Function not implemented").
// run.sh uses this relay only when asked (SIP_IT_MD5_RELAY=1), so that the rest of telcred's
// registrar and proxy can still be exercised with those peers while that interop problem stands.
//
//   node md5-relay.mjs --upstream 127.0.0.1:5060 --listen 127.0.0.1:15070
//        [--tls-upstream 127.0.0.1:5061 --tls-listen 127.0.0.1:15071 --cert cert.pem --key key.pem]
//
// --listen opens UDP and TCP on one port (as a SIP server does). UDP works like a NAT: one upstream
// socket per client address, so that requests telcred sends to a binding made through the relay
// (an INVITE to a registered callee) come back to that client. Streams are piped per connection.
// Prints one line "md5-relay ready" on stdout once everything listens.
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';

function parseArgs(argv) {
    const args = {};
    for (let i = 0; i < argv.length; i += 2) {
        if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
            throw new Error(`bad argument ${argv[i]}`);
        }
        args[argv[i].slice(2)] = argv[i + 1];
    }
    return args;
}

function hostPort(text) {
    const i = text.lastIndexOf(':');
    return { host: text.slice(0, i), port: Number(text.slice(i + 1)) };
}

const CHALLENGE_LINE = /^(www-authenticate|proxy-authenticate)\s*:(.*)$/i;
const ALGORITHM = /\balgorithm\s*=\s*"?([A-Za-z0-9-]+)"?/i;

/** The message with non-MD5 challenges removed, if it is a 401/407 response; otherwise the same bytes. */
export function stripNonMd5Challenges(message) {
    const end = message.indexOf('\r\n\r\n');
    if (end < 0) {
        return message;
    }
    const head = message.subarray(0, end).toString('latin1');
    if (!/^SIP\/2\.0 40[17] /.test(head)) {
        return message;
    }
    const lines = head.split('\r\n');
    const kept = lines.filter((line) => {
        const m = CHALLENGE_LINE.exec(line);
        if (!m) {
            return true;
        }
        const algorithm = ALGORITHM.exec(m[2]);
        return !algorithm || algorithm[1].toUpperCase() === 'MD5';
    });
    if (kept.length === lines.length) {
        return message;
    }
    return Buffer.concat([Buffer.from(kept.join('\r\n'), 'latin1'), message.subarray(end)]);
}

/**
 * Calls onMessage(buffer) for each whole SIP message of a byte stream, and onRaw(buffer) for the
 * CRLF keep-alives between them (RFC 5626 3.5.1), which are passed on untouched.
 */
function streamFramer(onMessage, onRaw) {
    let pending = Buffer.alloc(0);
    return (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
            let crlf = 0;
            while (pending.length >= crlf + 2 && pending[crlf] === 13 && pending[crlf + 1] === 10) {
                crlf += 2;
            }
            if (crlf > 0) {
                onRaw(pending.subarray(0, crlf));
                pending = pending.subarray(crlf);
            }
            const end = pending.indexOf('\r\n\r\n');
            if (end < 0) {
                return;
            }
            const head = pending.subarray(0, end).toString('latin1');
            const length = /\r\n(?:content-length|l)\s*:\s*(\d+)/i.exec(head);
            const total = end + 4 + (length ? Number(length[1]) : 0);
            if (pending.length < total) {
                return;
            }
            onMessage(pending.subarray(0, total));
            pending = pending.subarray(total);
        }
    };
}

function relayUdp(listen, upstream) {
    const server = dgram.createSocket('udp4');
    const flows = new Map(); // "ip:port" of a client -> its upstream socket
    server.on('message', (msg, from) => {
        const key = `${from.address}:${from.port}`;
        let up = flows.get(key);
        if (!up) {
            up = dgram.createSocket('udp4');
            up.bind(0, listen.host);
            up.on('message', (answer) => server.send(stripNonMd5Challenges(answer), from.port, from.address));
            flows.set(key, up);
        }
        up.send(msg, upstream.port, upstream.host);
    });
    return new Promise((resolve) => server.bind(listen.port, listen.host, resolve));
}

function pipeStreams(client, upstream) {
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', streamFramer((m) => client.write(stripNonMd5Challenges(m)), (raw) => client.write(raw)));
    const close = () => {
        client.destroy();
        upstream.destroy();
    };
    for (const s of [client, upstream]) {
        s.on('error', close);
        s.on('close', close);
    }
}

function relayTcp(listen, upstream) {
    const server = net.createServer((client) => {
        pipeStreams(client, net.connect(upstream.port, upstream.host));
    });
    return new Promise((resolve) => server.listen(listen.port, listen.host, resolve));
}

function relayTls(listen, upstream, cert, key) {
    const server = tls.createServer({ cert, key }, (client) => {
        // The relay is on loopback next to telcred and only passes bytes on; the client checks the certificate.
        pipeStreams(client, tls.connect({ host: upstream.host, port: upstream.port, rejectUnauthorized: false }));
    });
    return new Promise((resolve) => server.listen(listen.port, listen.host, resolve));
}

const args = parseArgs(process.argv.slice(2));
const waits = [];
if (args.listen) {
    waits.push(relayUdp(hostPort(args.listen), hostPort(args.upstream)));
    waits.push(relayTcp(hostPort(args.listen), hostPort(args.upstream)));
}
if (args['tls-listen']) {
    waits.push(relayTls(hostPort(args['tls-listen']), hostPort(args['tls-upstream']),
        fs.readFileSync(args.cert), fs.readFileSync(args.key)));
}
await Promise.all(waits);
console.log('md5-relay ready');
