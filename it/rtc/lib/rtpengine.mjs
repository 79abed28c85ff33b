#!/usr/bin/env node
// rtpengine's ng control protocol (a cookie, a space and a bencoded dictionary per UDP datagram),
// as far as the WebRTC end-to-end test needs it: ping, list, query. A module for
// ../browser/rtc.test.mjs, and a command line for ../run.sh (Node 20, no dependencies).
//
//   node rtpengine.mjs wait-ready 127.0.0.1:PORT SECONDS   until rtpengine answers a ping (exit 1 after SECONDS)
import dgram from 'node:dgram';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** Bencode of strings, integers, lists and dictionaries (keys sorted, as the format wants). */
export function encode(value) {
    if (typeof value === 'number') {
        return Buffer.from(`i${Math.trunc(value)}e`);
    }
    if (typeof value === 'string' || Buffer.isBuffer(value)) {
        const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
        return Buffer.concat([Buffer.from(`${bytes.length}:`), bytes]);
    }
    if (Array.isArray(value)) {
        return Buffer.concat([Buffer.from('l'), ...value.map(encode), Buffer.from('e')]);
    }
    const keys = Object.keys(value).sort();
    return Buffer.concat([Buffer.from('d'), ...keys.flatMap((k) => [encode(k), encode(value[k])]), Buffer.from('e')]);
}

/** Decodes one bencoded value of buf from offset; strings come back as UTF-8 text. */
export function decode(buf, offset = 0) {
    let i = offset;
    const value = () => {
        const c = String.fromCharCode(buf[i]);
        if (c === 'i') {
            const end = buf.indexOf(0x65, i);
            const n = Number(buf.toString('ascii', i + 1, end));
            i = end + 1;
            return n;
        }
        if (c === 'l') {
            i++;
            const list = [];
            while (buf[i] !== 0x65) {
                list.push(value());
            }
            i++;
            return list;
        }
        if (c === 'd') {
            i++;
            const dict = {};
            while (buf[i] !== 0x65) {
                const key = value();
                dict[key] = value();
            }
            i++;
            return dict;
        }
        if (c >= '0' && c <= '9') {
            const colon = buf.indexOf(0x3a, i);
            const length = Number(buf.toString('ascii', i, colon));
            const text = buf.toString('utf8', colon + 1, colon + 1 + length);
            i = colon + 1 + length;
            return text;
        }
        throw new Error(`bencode: unexpected '${c}' at ${i}`);
    };
    return value();
}

/** Where a control socket is: "127.0.0.1:PORT" or "udp:127.0.0.1:PORT". */
export function parseAddress(text) {
    const spec = text.replace(/^udp:/, '');
    const colon = spec.lastIndexOf(':');
    return { host: spec.slice(0, colon), port: Number(spec.slice(colon + 1)) };
}

/** Sends one command; resolves with the reply's dictionary, rejects after timeoutMs (sent twice meanwhile). */
export function command(address, dict, timeoutMs = 2000) {
    const { host, port } = typeof address === 'string' ? parseAddress(address) : address;
    const cookie = crypto.randomBytes(6).toString('hex');
    const datagram = Buffer.concat([Buffer.from(`${cookie} `), encode(dict)]);
    return new Promise((resolve, reject) => {
        const socket = dgram.createSocket('udp4');
        const done = (error, reply) => {
            clearTimeout(timer);
            clearTimeout(again);
            socket.close();
            if (error) {
                reject(error);
            } else {
                resolve(reply);
            }
        };
        socket.on('message', (message) => {
            if (message.toString('ascii', 0, cookie.length + 1) === `${cookie} `) {
                try {
                    done(null, decode(message, cookie.length + 1));
                } catch (e) {
                    done(e);
                }
            }
        });
        socket.on('error', (e) => done(e));
        const send = () => socket.send(datagram, port, host);
        send();
        const again = setTimeout(send, timeoutMs / 2);
        const timer = setTimeout(() => done(new Error(`rtpengine ${host}:${port} did not answer ${dict.command} within ${timeoutMs} ms`)),
            timeoutMs);
    });
}

export const ping = (address) => command(address, { command: 'ping' });

/** The ids of the calls rtpengine holds now. */
export async function list(address) {
    const reply = await command(address, { command: 'list', limit: 1000 });
    if (reply.result !== 'ok') {
        throw new Error(`rtpengine refused list: ${JSON.stringify(reply)}`);
    }
    return reply.calls ?? [];
}

/** rtpengine's view of one call (its tags, media, streams and packet counters); result "error" for an unknown id. */
export function query(address, callId) {
    return command(address, { command: 'query', 'call-id': callId });
}

/**
 * The packets rtpengine received from the endpoint of each tag of a query reply:
 * { TAG: { rtp, rtcp, rtpBytes, errors, muxed, endpoint, protocol } }. A stream flagged RTP counts
 * as RTP (with the RTCP multiplexed onto it when it is flagged RTCP too: a browser's rtcp-mux),
 * one flagged RTCP alone as RTCP (a phone's separate RTCP port).
 */
export function packetsByTag(reply) {
    const out = {};
    for (const [tag, monologue] of Object.entries(reply.tags ?? {})) {
        const summary = { rtp: 0, rtcp: 0, rtpBytes: 0, errors: 0, muxed: false, endpoint: '', protocol: '' };
        for (const media of monologue.medias ?? []) {
            summary.protocol = media.protocol ?? summary.protocol;
            for (const stream of media.streams ?? []) {
                const flags = stream.flags ?? [];
                const packets = stream.stats?.packets ?? 0;
                summary.errors += stream.stats?.errors ?? 0;
                if (flags.includes('RTP')) {
                    summary.rtp += packets;
                    summary.rtpBytes += stream.stats?.bytes ?? 0;
                    summary.muxed ||= flags.includes('RTCP');
                    const e = stream.endpoint;
                    if (e && e.address && !summary.endpoint) {
                        summary.endpoint = `${e.address}:${e.port}`;
                    }
                } else if (flags.includes('RTCP')) {
                    summary.rtcp += packets;
                }
            }
        }
        out[tag] = summary;
    }
    return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const [name, address, seconds] = process.argv.slice(2);
    if (name !== 'wait-ready' || !address) {
        console.error('usage: rtpengine.mjs wait-ready HOST:PORT SECONDS');
        process.exit(2);
    }
    const deadline = Date.now() + Number(seconds || 10) * 1000;
    for (;;) {
        try {
            const reply = await command(address, { command: 'ping' }, 500);
            if (reply.result === 'pong') {
                process.exit(0);
            }
        } catch {
            // not up yet
        }
        if (Date.now() >= deadline) {
            console.error(`rtpengine at ${address} did not answer a ping within ${seconds} s`);
            process.exit(1);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}
