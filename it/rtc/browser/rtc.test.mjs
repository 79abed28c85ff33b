#!/usr/bin/env node
// The official @telnyx/webrtc SDK in headless Chromium against telcred's WebRTC gateway.
//
//   node rtc.test.mjs login-password|login-jwt|call|wrong-password|revoked-token|punt|call-absent|call-rejected|
//                     baresip-rtpengine-browser-calls|baresip-rtpengine-browser-answers|
//                     call-centre-baresip-agent|call-centre-browser-agent|call-centre-bridge-later|smoke
//
// Environment (set by ../run.sh):
//   RTC_IT_BASE_URL, RTC_IT_API_KEY   telcred's REST API (credentials, tokens, registrations; the call-centre backend's key)
//   RTC_IT_CONNECTION_ID              the credential connection the scenario's credentials belong to
//   RTC_IT_WS_URL                     ws://127.0.0.1:PORT/rtc, the SDK's `host`
//   RTC_IT_WSS_URL, RTC_IT_CERT_SPKI  wss://127.0.0.1:PORT/rtc, and the base64 SHA-256 of the public key of
//                                     its certificate, which Chromium then trusts (login-wss only)
//   RTC_IT_CHROMIUM                   the browser (default /usr/bin/chromium; never downloaded)
//   RTC_IT_WORK                       a directory for Chromium's profile and the logs of each page
//   RTC_IT_TIMEOUT_SECONDS            the whole scenario's limit (default 50): past it, fail with diagnostics
//   RTC_IT_PRIVATE_NETWORK            1 when this runs in a network namespace whose only interface is
//                                     loopback: then the selected candidate pair must be 127.0.0.1 at both ends
//   RTC_IT_SIP_PORT, RTC_IT_SIP_DOMAIN  telcred's SIP UDP port on 127.0.0.1 and its domain (baresip-* only)
//   RTC_IT_RTPENGINE                  rtpengine's ng control socket, 127.0.0.1:PORT, the one telcred uses (baresip-*)
//   RTC_IT_RTPENGINE_LOG              rtpengine's log, whose last lines a failed baresip-* scenario prints
//
// The page loads the SDK's own browser bundle (lib/bundle.js, the global TelnyxWebRTC) from a tiny
// HTTP server of this process on 127.0.0.1, a secure context for getUserMedia. Every WebSocket
// frame of every page is recorded; a failure prints them, the SDK's console and its events.
//
// Everything stays on this machine: Chromium resolves no name but 127.0.0.1, the SDK gets no
// STUN/TURN server (iceServers: []), and the page keeps only 127.0.0.1 ICE candidates in the
// descriptions it sends and receives (Chromium gathers them with --allow-loopback-in-peer-connection).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as api from '../lib/api.mjs';
import * as rtpengine from '../lib/rtpengine.mjs';
import { Baresip } from '../lib/baresip.mjs';
import { loopbackOnlyInit } from '../lib/loopback.mjs';
import { startCallCentre } from './call-centre.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SDK_PACKAGE = path.join(HERE, 'node_modules', '@telnyx', 'webrtc');
const SDK_BUNDLE = path.join(SDK_PACKAGE, 'lib', 'bundle.js');
const SDK_VERSION = JSON.parse(fs.readFileSync(path.join(SDK_PACKAGE, 'package.json'), 'utf8')).version;

const env = (name) => {
    if (!process.env[name]) {
        throw new Error(`${name} must be set`);
    }
    return process.env[name];
};
const scenario = process.argv[2];
const wsUrl = env('RTC_IT_WS_URL');
const connectionId = process.env.RTC_IT_CONNECTION_ID;
const work = env('RTC_IT_WORK');
const timeoutSeconds = Number(process.env.RTC_IT_TIMEOUT_SECONDS || 50);
// Set when ../run.sh runs in a network namespace of its own whose only interface is loopback.
const privateNetwork = process.env.RTC_IT_PRIVATE_NETWORK === '1';

// What the SDK may do after a failed login, at most: a storm is hundreds of logins a second.
const MAX_LOGINS_IN_5_S = 5;
// How soon a logged-in page must learn that its credential was deactivated.
const PUNT_WITHIN_MS = 1000;

const started = Date.now();
function log(message) {
    console.log(`rtc ${scenario} +${((Date.now() - started) / 1000).toFixed(1)}s: ${message}`);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Failure extends Error {}
function check(condition, message) {
    if (!condition) {
        throw new Failure(message);
    }
}

// ---------------------------------------------------------------------------------------------
// The page, its server and the browser
// ---------------------------------------------------------------------------------------------

/**
 * The test page. window.startClient(options) makes a TelnyxRTC client on the gateway and records
 * what the SDK tells the application in window.rtcEvents: ready, error, socket open/close, and
 * every call update (the call objects in window.calls by id).
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>telcred WebRTC test</title>
<script src="/bundle.js"></script>
<script>
  window.rtcEvents = [];
  window.calls = {};
  const record = (event) => window.rtcEvents.push({ t: Date.now(), ...event });
  window.startClient = (options) => {
    const client = new TelnyxWebRTC.TelnyxRTC(options);
    window.client = client;
    client.on('telnyx.ready', () => record({ type: 'ready' }));
    client.on('telnyx.error', (event) => {
      const error = (event && event.error) || event || {};
      record({ type: 'error', code: error.code, name: error.name, message: error.message || String(error) });
    });
    client.on('telnyx.socket.open', () => record({ type: 'socket-open' }));
    client.on('telnyx.socket.close', (event) => record({ type: 'socket-close', code: event && event.code }));
    client.on('telnyx.notification', (notification) => {
      const call = notification && notification.call;
      if (call) {
        window.calls[call.id] = call;
        record({ type: 'call', id: call.id, state: call.state, direction: call.direction,
          cause: call.cause, causeCode: call.causeCode, sipCode: call.sipCode });
      } else {
        record({ type: 'notification', notification: notification && notification.type });
      }
    });
    client.connect();
  };
  window.sdkLoaded = typeof TelnyxWebRTC === 'object' && typeof TelnyxWebRTC.TelnyxRTC === 'function';
</script>`;

function startPageServer() {
    const server = http.createServer((req, res) => {
        const { pathname } = new URL(req.url, 'http://x');
        if (pathname === '/') {
            res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
        } else if (pathname === '/bundle.js') {
            res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(fs.readFileSync(SDK_BUNDLE));
        } else if (pathname === '/favicon.ico') {
            res.writeHead(204).end();
        } else {
            res.writeHead(404).end();
        }
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Chromium on a fresh profile (playwright passes it as --user-data-dir): one context, a page per client. */
async function launch() {
    return chromium.launchPersistentContext(fs.mkdtempSync(path.join(work, 'chromium-profile-')), {
        executablePath: process.env.RTC_IT_CHROMIUM || '/usr/bin/chromium',
        headless: true,
        args: [
            '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
            '--disable-background-networking', '--disable-component-update',
            // getUserMedia without a microphone and without a permission prompt
            '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
            '--autoplay-policy=no-user-gesture-required',
            // host candidates with their real addresses, 127.0.0.1 among them
            '--disable-features=WebRtcHideLocalIpsWithMdns', '--allow-loopback-in-peer-connection',
            // no name resolves except 127.0.0.1: nothing in the page can reach out
            '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
            // the development certificate of telcred's HTTPS port, and no other
            ...(process.env.RTC_IT_CERT_SPKI ? [`--ignore-certificate-errors-spki-list=${process.env.RTC_IT_CERT_SPKI}`] : []),
        ],
    });
}

/** A page of one client, with its console, its WebSocket frames and its SDK events kept for diagnostics. */
class ClientPage {
    constructor(name, page) {
        this.name = name;
        this.page = page;
        this.frames = [];
        this.console = [];
        this.sockets = [];
        this.consoleFile = fs.createWriteStream(path.join(work, `browser-${name}.log`));
        page.on('console', (m) => this.noteConsole(`[${m.type()}] ${m.text()}`));
        page.on('pageerror', (e) => this.noteConsole(`[pageerror] ${e.stack || e}`));
        page.on('websocket', (ws) => {
            const socket = { url: ws.url(), opened: Date.now(), closed: null };
            this.sockets.push(socket);
            ws.on('framesent', (f) => this.noteFrame('sent', f.payload));
            ws.on('framereceived', (f) => this.noteFrame('received', f.payload));
            ws.on('socketerror', (e) => this.noteConsole(`[websocket error] ${e}`));
            ws.on('close', () => {
                socket.closed = Date.now();
                this.noteConsole(`[websocket closed] ${socket.url}`);
            });
        });
    }

    noteConsole(line) {
        this.console.push(line);
        this.consoleFile.write(`${new Date().toISOString()} ${line}\n`);
    }

    noteFrame(direction, payload) {
        const text = typeof payload === 'string' ? payload : `<binary ${payload.length} bytes>`;
        let message = null;
        try {
            message = JSON.parse(text);
        } catch {
            // not JSON: kept as text
        }
        this.frames.push({ t: Date.now(), direction, text, message });
    }

    /** Requests the page sent with this method (login, telnyx_rtc.invite, ...). */
    sent(method) {
        return this.frames.filter((f) => f.direction === 'sent' && f.message?.method === method);
    }

    /** Requests the page received with this method. */
    received(method) {
        return this.frames.filter((f) => f.direction === 'received' && f.message?.method === method);
    }

    /** The answer (result or error) the page received to its request with this id, if any. */
    answerTo(id) {
        return this.frames.find((f) => f.direction === 'received' && f.message && f.message.id === id
            && f.message.method === undefined);
    }

    /** How many frames of each method (or result, error code) went each way. */
    frameCounts() {
        const counts = {};
        for (const f of this.frames) {
            const key = `${f.direction === 'sent' ? 'C->S' : 'S->C'} ${f.message?.method ?? (f.message?.error ? `error ${f.message.error.code}` : 'result')}`;
            counts[key] = (counts[key] ?? 0) + 1;
        }
        return counts;
    }

    async events() {
        return this.page.evaluate(() => window.rtcEvents).catch(() => []);
    }

    /** Waits until one of the SDK's events matches; the predicate runs in the page on each event. */
    async waitForEvent(description, predicate, arg, timeoutMs) {
        try {
            const found = await this.page.waitForFunction(({ source, arg }) => {
                // eslint-disable-next-line no-new-func
                const test = new Function('e', 'arg', `return (${source})(e, arg);`);
                return window.rtcEvents.find((e) => test(e, arg)) || false;
            }, { source: predicate.toString(), arg }, { timeout: timeoutMs, polling: 50 });
            return await found.jsonValue();
        } catch (e) {
            if (e.name === 'TimeoutError' || /Timeout/.test(e.message)) {
                throw new Failure(`page ${this.name}: no ${description} within ${timeoutMs} ms; SDK events: `
                    + `${summarizeEvents(await this.events())}`);
            }
            throw e;
        }
    }

    startClient(options) {
        return this.page.evaluate((o) => window.startClient(o), options);
    }

    /** Writes every frame of this page to frames-NAME.log in the work directory (kept with RTC_IT_KEEP=1). */
    saveFrames() {
        fs.writeFileSync(path.join(work, `frames-${this.name}.log`), this.frames.map((f) =>
            `${new Date(f.t).toISOString()} ${f.direction === 'sent' ? 'C->S' : 'S->C'} ${f.text}\n`).join(''));
    }

    /** Prints the last frames, events and console lines of this page. */
    async diagnose(out) {
        out(`----- page ${this.name}: WebSocket frames: ${JSON.stringify(this.frameCounts())}; the last 40 (SDP shortened) -----`);
        for (const f of this.frames.slice(-40)) {
            const text = f.text.replace(/"sdp":"(v=0[^"]{0,60})[^"]*"/g, '"sdp":"$1..."');
            out(`${new Date(f.t).toISOString().slice(11, 23)} ${f.direction === 'sent' ? 'C->S' : 'S->C'} ${text.slice(0, 600)}`);
        }
        out(`----- page ${this.name}: sockets -----`);
        for (const s of this.sockets) {
            out(`${s.url} opened ${new Date(s.opened).toISOString().slice(11, 23)}`
                + (s.closed ? ` closed ${new Date(s.closed).toISOString().slice(11, 23)}` : ' open'));
        }
        out(`----- page ${this.name}: SDK events -----`);
        out(summarizeEvents(await this.events()));
        out(`----- page ${this.name}: console (last 40 of ${this.console.length} lines) -----`);
        for (const line of this.console.slice(-40)) {
            out(line.slice(0, 600));
        }
    }
}

function summarizeEvents(events) {
    if (!events || events.length === 0) {
        return '(none)';
    }
    return events.map((e) => {
        switch (e.type) {
            case 'call': return `call ${e.id.slice(0, 8)} ${e.direction} ${e.state}${e.cause ? ` ${e.cause} (${e.causeCode})` : ''}`;
            case 'error': return `error ${e.name ?? ''} ${e.code ?? ''} "${e.message ?? ''}"`;
            case 'socket-close': return `socket-close ${e.code ?? ''}`;
            case 'notification': return `notification ${e.notification}`;
            default: return e.type;
        }
    }).join(', ');
}

let browser;
let origin;
const pages = [];
/** What a failure prints besides the pages (baresip's and rtpengine's logs); each takes an output function. */
const extraDiagnostics = [];
/** What the end of the scenario stops, whatever happened (baresip). */
const cleanups = [];

async function openPage(name) {
    const page = await browser.newPage();
    await page.addInitScript(loopbackOnlyInit);
    const client = new ClientPage(name, page);
    pages.push(client);
    await page.goto(`${origin}/`);
    const loaded = await page.evaluate(() => window.sdkLoaded);
    check(loaded, `page ${name}: ${SDK_BUNDLE} did not define TelnyxWebRTC.TelnyxRTC`);
    return client;
}

// ---------------------------------------------------------------------------------------------
// Steps shared by the scenarios
// ---------------------------------------------------------------------------------------------

const PASSWORD_LOGIN = (credential) => ({ login: credential.user, password: credential.password });
const TOKEN_LOGIN = (jwt) => ({ login_token: jwt });

/** Starts a client on the gateway with these login options and waits for telnyx.ready. */
async function loginReady(client, loginOptions, label) {
    await client.startClient({ host: wsUrl, iceServers: [], ...loginOptions });
    await client.waitForEvent('telnyx.ready', (e) => e.type === 'ready' || e.type === 'error', null, 10000);
    const events = await client.events();
    const error = events.find((e) => e.type === 'error');
    check(!error, `page ${client.name}: ${label} login failed: ${summarizeEvents(events)}`);
    const login = client.sent('login')[0];
    log(`page ${client.name}: telnyx.ready after ${label} login; sessid ${client.answerTo(login?.message?.id)?.message?.result?.sessid}`);
    const iceServers = await client.page.evaluate(() => window.peerConnections.map((p) => p.iceServers));
    check(iceServers.every((s) => s === '[]' || s === 'null'), `page ${client.name}: a peer connection got ICE servers ${iceServers}`);
}

/**
 * Starts a client that must fail to log in: the SDK reports LOGIN_FAILED, the server answered the
 * login with JSON-RPC error -32001, and within 5 s of the first login the page sent at most
 * MAX_LOGINS_IN_5_S logins (no reconnect storm) and never became ready.
 */
async function loginRefused(client, loginOptions, label) {
    const begin = Date.now();
    await client.startClient({ host: wsUrl, iceServers: [], ...loginOptions });
    let error;
    try {
        error = await client.waitForEvent('telnyx.error', (e) => e.type === 'error' || e.type === 'ready', null, 10000);
    } catch (e) {
        const logins = client.sent('login');
        const answer = logins[0] && client.answerTo(logins[0].message.id);
        throw new Failure(`${e.message}; meanwhile the page sent ${logins.length} logins `
            + `(${(logins.length / 10).toFixed(0)} a second); the first was answered ${answer ? answer.text.slice(0, 200) : '(nothing)'}`);
    }
    check(error.type === 'error', `page ${client.name}: ${label}: the SDK became ready`);
    log(`page ${client.name}: ${label}: SDK error ${error.name} (${error.code}) "${error.message}"`);
    const login = client.sent('login')[0];
    check(login, `page ${client.name}: the page sent no login`);
    const answer = client.answerTo(login.message.id);
    check(answer, `page ${client.name}: the login got no answer`);
    log(`page ${client.name}: login answered ${answer.text.slice(0, 300)}`);
    check(answer.message.error?.code === -32001,
        `page ${client.name}: the login must be answered with JSON-RPC error -32001, got ${answer.text.slice(0, 300)}`);
    check(error.name === 'LOGIN_FAILED' || error.code === 46001,
        `page ${client.name}: the SDK must report LOGIN_FAILED (46001), reported ${error.name} (${error.code})`);

    await sleep(Math.max(0, begin + 5000 - Date.now()));
    const logins = client.sent('login').filter((f) => f.t <= begin + 5000).length;
    const frames = client.frames.filter((f) => f.direction === 'sent' && f.t <= begin + 5000).length;
    log(`page ${client.name}: in 5 s: ${logins} login(s), ${frames} frame(s) sent, ${client.sockets.length} socket(s) opened`);
    check(logins <= MAX_LOGINS_IN_5_S, `page ${client.name}: ${logins} logins in 5 s: a reconnect storm`);
    const events = await client.events();
    check(!events.some((e) => e.type === 'ready'), `page ${client.name}: became ready later: ${summarizeEvents(events)}`);
}

async function expectWsRegistration(user, seconds) {
    const list = await api.waitForRegistrations(user, seconds,
        (l) => l.some((r) => r.transport === 'WS'), `a registration of ${user} with transport WS`);
    return list.find((r) => r.transport === 'WS');
}

/** The audio packets the call's peer connection has received, and its selected candidate pair. */
function mediaStats(client, callId) {
    return client.page.evaluate(async (id) => {
        const call = window.calls[id];
        const pc = call && call.peer && call.peer.instance;
        if (!pc) {
            return { packets: -1, pair: 'no peer connection' };
        }
        const stats = await pc.getStats();
        let packets = 0;
        let pairId = null;
        stats.forEach((r) => {
            if (r.type === 'inbound-rtp' && (r.kind === 'audio' || r.mediaType === 'audio')) {
                packets += r.packetsReceived || 0;
            }
            if (r.type === 'transport' && r.selectedCandidatePairId) {
                pairId = r.selectedCandidatePairId;
            }
        });
        let pair = 'no selected candidate pair';
        const selected = pairId && stats.get(pairId);
        if (selected) {
            const local = stats.get(selected.localCandidateId);
            const remote = stats.get(selected.remoteCandidateId);
            pair = `${local?.address}:${local?.port} -> ${remote?.address}:${remote?.port} (${selected.state})`;
        }
        return { packets, pair, connection: pc.connectionState, ice: pc.iceConnectionState };
    }, callId);
}

/** Waits until the call's inbound audio counter is above `above`; returns the stats. */
async function expectMedia(client, callId, above, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const stats = await mediaStats(client, callId);
        if (stats.packets > above) {
            return stats;
        }
        if (Date.now() >= deadline) {
            throw new Failure(`page ${client.name}: no audio received within ${timeoutMs} ms (packetsReceived `
                + `${stats.packets}, needed > ${above}; candidate pair ${stats.pair}; connection ${stats.connection}, ICE ${stats.ice})`);
        }
        await sleep(200);
    }
}

/** Waits for the answer to the last request of this method the page sent; fails on an error answer. */
async function expectResult(client, method, timeoutMs, describe) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const requests = client.sent(method).filter(describe.filter ?? (() => true));
        const request = requests[requests.length - 1];
        const answer = request && client.answerTo(request.message.id);
        if (answer) {
            check(answer.message.error === undefined,
                `page ${client.name}: ${describe.what} answered with an error: ${answer.text.slice(0, 300)}`);
            return answer;
        }
        if (Date.now() >= deadline) {
            throw new Failure(`page ${client.name}: ${request ? 'no answer to' : 'the page sent no'} ${describe.what} within ${timeoutMs} ms`);
        }
        await sleep(50);
    }
}

/** Waits until the SDK reports the call in one of these states; returns that event. */
function waitForCallState(client, callId, states, timeoutMs) {
    return client.waitForEvent(`call state ${states.join(' or ')} on ${client.name}`,
        (e, arg) => e.type === 'call' && e.id === arg.callId && arg.states.includes(e.state), { callId, states }, timeoutMs);
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

/** Before the gateway is there: the bundle loads, Chromium runs, the SDK opens its socket and sends a login. */
async function smoke() {
    const client = await openPage('smoke');
    const version = await client.page.evaluate(() => (TelnyxWebRTC.TelnyxRTC.version || TelnyxWebRTC.version || 'unknown'));
    log(`TelnyxWebRTC loaded (package ${SDK_VERSION}, reports ${version}); ${await client.page.evaluate(() => navigator.userAgent)}`);
    await client.startClient({ host: wsUrl, iceServers: [], login: 'nobody', password: 'nothing' });
    const deadline = Date.now() + 5000;
    while (client.sent('login').length === 0 && Date.now() < deadline) {
        await sleep(100);
    }
    log(`sockets: ${client.sockets.map((s) => s.url).join(' ') || '(none)'}; logins sent: ${client.sent('login').length}`);
    check(client.sent('login').length > 0, 'the SDK sent no login');
    log(`first frame: ${client.sent('login')[0].text.replace(/"passwd":"[^"]*"/, '"passwd":"***"').slice(0, 400)}`);
}

async function loginPassword() {
    const credential = await api.createCredential(connectionId);
    const a = await openPage('A');
    await loginReady(a, PASSWORD_LOGIN(credential), 'password');
    const registration = await expectWsRegistration(credential.user, 5);
    log(`API lists: ${JSON.stringify(registration)}`);
    await a.page.evaluate(() => window.client.disconnect());
    await api.waitForRegistrations(credential.user, 5, (l) => l.length === 0,
        `no registration of ${credential.user} once the client disconnected`);
    log('API lists no registration after client.disconnect()');
}

async function loginJwt() {
    const credential = await api.createCredential(connectionId);
    const jwt = await api.mintToken(credential.id);
    log(`token minted for ${credential.user}: ${jwt.slice(0, 20)}... (${jwt.length} characters)`);
    const b = await openPage('B');
    await loginReady(b, TOKEN_LOGIN(jwt), 'token');
    const login = b.sent('login')[0].message.params;
    check(login.login_token && !login.passwd, 'the login frame should carry login_token and no passwd');
    const registration = await expectWsRegistration(credential.user, 5);
    log(`API lists: ${JSON.stringify(registration)}`);
}

/** The same password login over TLS: wss:// on the HTTPS port, listed with transport WSS. */
async function loginWss() {
    const wssUrl = env('RTC_IT_WSS_URL');
    const credential = await api.createCredential(connectionId);
    const a = await openPage('A');
    await loginReady(a, { ...PASSWORD_LOGIN(credential), host: wssUrl }, `password over ${wssUrl}`);
    check(a.sockets.length > 0 && a.sockets.every((s) => s.url.startsWith(`${wssUrl}`)),
        `the page should have connected to ${wssUrl} only, it opened ${a.sockets.map((s) => s.url).join(' ')}`);
    const list = await api.waitForRegistrations(credential.user, 5,
        (l) => l.some((r) => r.transport === 'WSS'), `a registration of ${credential.user} with transport WSS`);
    log(`API lists: ${JSON.stringify(list.find((r) => r.transport === 'WSS'))}`);
}

async function callScenario() {
    const caller = await api.createCredential(connectionId);
    const callee = await api.createCredential(connectionId);
    const a = await openPage('A');
    const b = await openPage('B');
    await loginReady(b, TOKEN_LOGIN(await api.mintToken(callee.id)), 'token');
    await loginReady(a, PASSWORD_LOGIN(caller), 'password');

    // A calls B.
    const callId = await a.page.evaluate(({ to, from }) => {
        const call = window.client.newCall({ destinationNumber: to, callerNumber: from, callerName: 'telcred-it A', audio: true, video: false });
        window.calls[call.id] = call;
        return call.id;
    }, { to: callee.user, from: caller.user });
    log(`A calls ${callee.user}: call ${callId}`);
    const ringing = await b.waitForEvent('an inbound call ringing', (e) => e.type === 'call' && e.state === 'ringing', null, 10000);
    log(`B: inbound call ${ringing.id} ringing (direction ${ringing.direction})`);
    const invite = b.received('telnyx_rtc.invite')[0];
    if (invite) {
        const p = invite.message.params;
        log(`B: invite from ${p.caller_id_number} ("${p.caller_id_name}") to ${p.callee_id_number}`);
    }
    await b.page.evaluate((id) => window.calls[id].answer(), ringing.id);
    await waitForCallState(b, ringing.id, ['active'], 10000);
    await waitForCallState(a, callId, ['active'], 10000);
    log('both calls active');

    // Media both ways, on loopback.
    const mediaA = await expectMedia(a, callId, 0, 10000);
    const mediaB = await expectMedia(b, ringing.id, 0, 10000);
    log(`A receives audio: ${mediaA.packets} packets over ${mediaA.pair}`);
    log(`B receives audio: ${mediaB.packets} packets over ${mediaB.pair}`);
    for (const [who, m] of [['A', mediaA], ['B', mediaB]]) {
        const addresses = m.pair.match(/\d+\.\d+\.\d+\.\d+|\[?[0-9a-f]*:[0-9a-f:]+\]?(?=:\d)/g) ?? [];
        if (privateNetwork) {
            check(addresses.length === 2 && addresses.every((a) => a === '127.0.0.1'),
                `page ${who}: media must flow between 127.0.0.1 addresses only, the pair is ${m.pair}`);
        } else if (!addresses.every((a) => a === '127.0.0.1')) {
            log(`page ${who}: note: outside a private network namespace a peer-reflexive pair may use this machine's own address: ${m.pair}`);
        }
    }

    // DTMF from A.
    await a.page.evaluate((id) => window.calls[id].dtmf('1'), callId);
    await expectResult(a, 'telnyx_rtc.info', 5000, { what: 'the DTMF info', filter: (f) => f.message.params?.dtmf === '1' });
    log('A: DTMF 1 sent (telnyx_rtc.info) and answered');

    // Hold and unhold from A.
    await a.page.evaluate((id) => window.calls[id].hold(), callId);
    const held = await expectResult(a, 'telnyx_rtc.modify', 5000, { what: 'the hold', filter: (f) => f.message.params?.action === 'hold' });
    log(`A: hold answered ${JSON.stringify(held.message.result)}`);
    await waitForCallState(a, callId, ['held'], 5000);
    // What B hears while held is the server's business (the spec asks only for the answer): noted, not checked.
    const heldBefore = (await mediaStats(b, ringing.id)).packets;
    await sleep(1000);
    const heldAfter = (await mediaStats(b, ringing.id)).packets;
    const toB = b.frames.filter((f) => f.direction === 'received' && f.message?.method && f.t >= held.t).map((f) => f.message.method);
    log(`while A holds: B received ${heldAfter - heldBefore} audio packets in 1 s; frames to B since the hold: ${toB.join(', ') || 'none'}`);
    await a.page.evaluate((id) => window.calls[id].unhold(), callId);
    const unheld = await expectResult(a, 'telnyx_rtc.modify', 5000, { what: 'the unhold', filter: (f) => f.message.params?.action === 'unhold' });
    log(`A: unhold answered ${JSON.stringify(unheld.message.result)}`);
    await a.waitForEvent('state active again on A', (e, id) => e.type === 'call' && e.id === id && e.state === 'active'
        && window.rtcEvents.some((h) => h.type === 'call' && h.id === id && h.state === 'held' && h.t <= e.t), callId, 5000);
    const before = (await mediaStats(b, ringing.id)).packets;
    const after = await expectMedia(b, ringing.id, before, 5000);
    log(`A: held and active again; B still receives audio (${before} -> ${after.packets} packets)`);

    // A hangs up; B sees the end.
    await a.page.evaluate((id) => window.calls[id].hangup(), callId);
    await expectResult(a, 'telnyx_rtc.bye', 5000, { what: 'the bye' });
    const ended = await waitForCallState(b, ringing.id, ['hangup', 'destroy'], 5000);
    const bye = b.received('telnyx_rtc.bye')[0];
    log(`B: call ${ended.state}${bye ? ` (telnyx_rtc.bye ${JSON.stringify(bye.message.params)})` : ''}`);
    await waitForCallState(a, callId, ['destroy'], 5000);
    log('A: call destroyed');
    const relayed = b.received('telnyx_rtc.info').map((f) => JSON.stringify(f.message.params));
    log(`B received ${relayed.length ? `telnyx_rtc.info ${relayed.join(', ')}` : 'no telnyx_rtc.info'} (only the answer to A is checked)`);
    log(`A's frames: ${JSON.stringify(a.frameCounts())}`);
    log(`B's frames: ${JSON.stringify(b.frameCounts())}`);
}

async function wrongPassword() {
    const credential = await api.createCredential(connectionId);
    const a = await openPage('A');
    await loginRefused(a, { login: credential.user, password: `not-${credential.password}` }, 'wrong password');
}

async function revokedToken() {
    const credential = await api.createCredential(connectionId);
    const jwt = await api.mintToken(credential.id);
    log(`token minted for ${credential.user}; deactivating the credential: status ${await api.deactivate(credential.id)}`);
    const a = await openPage('A');
    await loginRefused(a, TOKEN_LOGIN(jwt), 'token of a deactivated credential');
}

async function punt() {
    const credential = await api.createCredential(connectionId);
    const a = await openPage('A');
    await loginReady(a, PASSWORD_LOGIN(credential), 'password');
    // (login-password checks that the session is listed; here only the deactivation counts)
    const listed = await api.registrations(credential.user);
    log(`API lists ${listed.length} registration(s) of ${credential.user} before the deactivation`);
    const socketsBefore = a.sockets.length;
    const t0 = Date.now();
    const status = await api.deactivate(credential.id);
    const tApi = Date.now();
    log(`credential deactivated (status ${status}; the API answered in ${tApi - t0} ms)`);

    const deadline = t0 + 5000;
    let puntFrame;
    let closed;
    while (Date.now() < deadline) {
        puntFrame = a.received('telnyx_rtc.punt').find((f) => f.t >= t0);
        closed = a.sockets.slice(0, socketsBefore).find((s) => s.closed && s.closed >= t0);
        if (puntFrame || closed) {
            break;
        }
        await sleep(10);
    }
    // Let both signs arrive before reporting them.
    await sleep(300);
    puntFrame = a.received('telnyx_rtc.punt').find((f) => f.t >= t0);
    closed = a.sockets.slice(0, socketsBefore).find((s) => s.closed && s.closed >= t0);
    const seen = Math.min(puntFrame?.t ?? Infinity, closed?.closed ?? Infinity);
    log(`after the deactivate request: telnyx_rtc.punt ${puntFrame ? `at ${puntFrame.t - t0} ms` : 'not received'}, `
        + `socket closed ${closed ? `at ${closed.closed - t0} ms` : 'not within 5 s'}`);
    check(Number.isFinite(seen), 'the page saw neither a telnyx_rtc.punt nor its socket closed within 5 s of the deactivation');
    log(`the page learned of the deactivation ${seen - t0} ms after the request (limit ${PUNT_WITHIN_MS} ms)`);
    check(seen - t0 <= PUNT_WITHIN_MS, `the page learned of the deactivation only after ${seen - t0} ms`);

    await api.waitForRegistrations(credential.user, 2, (l) => l.length === 0,
        `no registration of ${credential.user} once it is deactivated`);
    log('API lists no registration of the deactivated credential');

    // Whatever the SDK does next (reconnect, log in again), it must not become ready, nor storm.
    await sleep(4000);
    const logins = a.sent('login').filter((f) => f.t >= t0);
    const events = await a.events();
    log(`in the ${Date.now() - t0} ms after the deactivation: ${logins.length} login(s) sent, `
        + `${a.sockets.length - socketsBefore} new socket(s); SDK events: ${summarizeEvents(events)}`);
    for (const login of logins) {
        const answer = a.answerTo(login.message.id);
        log(`  login again at ${login.t - t0} ms answered ${answer ? answer.text.slice(0, 200) : '(nothing)'}`);
        check(!answer || answer.message.error, 'a login of the deactivated credential succeeded');
    }
    check(logins.length <= MAX_LOGINS_IN_5_S, `${logins.length} logins after the deactivation: a reconnect storm`);
    // (the page's clock is this machine's: its event times compare with ours)
    check(!events.some((e) => e.type === 'ready' && e.t >= t0),
        'the SDK became ready again after the deactivation');
}

/** A calls a credential that exists but is not logged in: the call ends, with SUBSCRIBER_ABSENT (20). */
async function callAbsent() {
    const caller = await api.createCredential(connectionId);
    const absent = await api.createCredential(connectionId);
    const a = await openPage('A');
    await loginReady(a, PASSWORD_LOGIN(caller), 'password');
    const callId = await a.page.evaluate((to) => {
        const call = window.client.newCall({ destinationNumber: to, audio: true, video: false });
        window.calls[call.id] = call;
        return call.id;
    }, absent.user);
    const ended = await waitForCallState(a, callId, ['hangup', 'destroy'], 10000);
    const invite = a.sent('telnyx_rtc.invite')[0];
    const answer = invite && a.answerTo(invite.message.id);
    const bye = a.received('telnyx_rtc.bye')[0];
    log(`A calls ${absent.user} (not logged in): invite answered ${answer ? answer.text.slice(0, 200) : '(nothing)'}`);
    log(`A: call ${ended.state}, cause ${ended.cause} (${ended.causeCode})${bye ? `; telnyx_rtc.bye ${JSON.stringify(bye.message.params)}` : ''}`);
    const causeCode = Number(bye?.message.params.causeCode ?? ended.causeCode);
    check(causeCode === 20 || answer?.message.error,
        `the call to a credential that is not logged in should end with SUBSCRIBER_ABSENT (20), ended with ${ended.cause} (${ended.causeCode})`);
}

/** B rejects A's ringing call (hangup before answer): A's call ends, with USER_BUSY (17) or CALL_REJECTED (21). */
async function callRejected() {
    const caller = await api.createCredential(connectionId);
    const callee = await api.createCredential(connectionId);
    const a = await openPage('A');
    const b = await openPage('B');
    await loginReady(b, PASSWORD_LOGIN(callee), 'password');
    await loginReady(a, PASSWORD_LOGIN(caller), 'password');
    const callId = await a.page.evaluate((to) => {
        const call = window.client.newCall({ destinationNumber: to, audio: true, video: false });
        window.calls[call.id] = call;
        return call.id;
    }, callee.user);
    const ringing = await b.waitForEvent('an inbound call ringing', (e) => e.type === 'call' && e.state === 'ringing', null, 10000);
    await b.page.evaluate((id) => window.calls[id].hangup(), ringing.id);
    const byeFromB = b.sent('telnyx_rtc.bye')[0];
    log(`B rejects the ringing call: telnyx_rtc.bye cause ${byeFromB?.message.params.cause} (${byeFromB?.message.params.causeCode})`);
    await expectResult(b, 'telnyx_rtc.bye', 5000, { what: "B's bye" });
    const ended = await waitForCallState(a, callId, ['hangup', 'destroy'], 5000);
    const bye = a.received('telnyx_rtc.bye')[0];
    log(`A: call ${ended.state}, cause ${ended.cause} (${ended.causeCode})${bye ? `; telnyx_rtc.bye ${JSON.stringify(bye.message.params)}` : ''}`);
    const causeCode = Number(bye?.message.params.causeCode ?? ended.causeCode);
    check([17, 21].includes(causeCode), `A's call should end with USER_BUSY (17) or CALL_REJECTED (21), ended with ${ended.cause} (${ended.causeCode})`);
}

// ---------------------------------------------------------------------------------------------
// A browser and a plain-RTP phone (baresip) through rtpengine
// ---------------------------------------------------------------------------------------------

/**
 * The call's audio as the page's peer connection counts it: RTP packets received and sent, the
 * codec, the selected candidate pair, and the media profile of the remote description (what
 * rtpengine offered or answered the browser).
 */
function peerMedia(client, callId) {
    return client.page.evaluate(async (id) => {
        const call = window.calls[id];
        const pc = call && call.peer && call.peer.instance;
        if (!pc) {
            return { received: -1, sent: -1, pair: 'no peer connection' };
        }
        const stats = await pc.getStats();
        const out = { received: 0, sent: 0, bytesReceived: 0, codec: '', pair: 'no selected candidate pair' };
        let pairId = null;
        let codecId = null;
        stats.forEach((r) => {
            if (r.type === 'inbound-rtp' && r.kind === 'audio') {
                out.received += r.packetsReceived || 0;
                out.bytesReceived += r.bytesReceived || 0;
                out.lost = r.packetsLost;
                codecId = r.codecId;
            }
            if (r.type === 'outbound-rtp' && r.kind === 'audio') {
                out.sent += r.packetsSent || 0;
            }
            if (r.type === 'transport' && r.selectedCandidatePairId) {
                pairId = r.selectedCandidatePairId;
                out.dtls = r.dtlsState;
                out.srtpCipher = r.srtpCipher;
            }
        });
        const codec = codecId && stats.get(codecId);
        if (codec) {
            out.codec = `${codec.mimeType}/${codec.clockRate}`;
        }
        const selected = pairId && stats.get(pairId);
        if (selected) {
            const local = stats.get(selected.localCandidateId);
            const remote = stats.get(selected.remoteCandidateId);
            out.pair = `${local?.address}:${local?.port} -> ${remote?.address}:${remote?.port} (${selected.state})`;
            out.addresses = [local?.address, remote?.address];
        }
        const remoteSdp = pc.remoteDescription?.sdp ?? '';
        out.remoteProfile = (remoteSdp.match(/^m=audio \d+ (\S+)/m) || [])[1];
        out.remoteCandidates = (remoteSdp.match(/^a=candidate:.*$/gm) || []).length;
        out.connection = pc.connectionState;
        out.ice = pc.iceConnectionState;
        return out;
    }, callId);
}

/**
 * The browser's audio both ways, twice a second apart: received and sent must be > 0 and grow.
 * Returns the later sample, with `receivedBefore`/`sentBefore`.
 */
async function expectBrowserAudio(client, callId, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let first;
    for (;;) {
        first = await peerMedia(client, callId);
        if (first.received > 0 && first.sent > 0) {
            break;
        }
        if (Date.now() >= deadline) {
            throw new Failure(`page ${client.name}: no audio both ways within ${timeoutMs} ms: ${JSON.stringify(first)}`);
        }
        await sleep(200);
    }
    await sleep(1000);
    const second = await peerMedia(client, callId);
    check(second.received > first.received, `page ${client.name}: inbound audio stopped: packetsReceived `
        + `${first.received} then ${second.received} a second later (${JSON.stringify(second)})`);
    check(second.sent > first.sent, `page ${client.name}: outbound audio stopped: packetsSent ${first.sent} then ${second.sent}`);
    if (privateNetwork) {
        check(second.addresses?.every((a) => a === '127.0.0.1'),
            `page ${client.name}: media must flow between 127.0.0.1 addresses only, the pair is ${second.pair}`);
    }
    return { ...second, receivedBefore: first.received, sentBefore: first.sent };
}

/**
 * What the call's received audio sounds like: its strongest frequency and peak amplitude over
 * 0.7 s, from a WebAudio analyser on the receiver's track. (Headless Chromium plays nothing out,
 * so inbound-rtp totalAudioEnergy stays 0; the track itself carries the decoded audio, which
 * Chromium hands to WebAudio once the stream is also attached to a media element, muted.)
 */
function receivedTone(client, callId) {
    return client.page.evaluate(async (id) => {
        const pc = window.calls[id].peer.instance;
        const receiver = pc.getReceivers().find((r) => r.track && r.track.kind === 'audio');
        const stream = new MediaStream([receiver.track]);
        const element = new Audio();
        element.muted = true;
        element.srcObject = stream;
        element.play().catch(() => {});
        const context = new AudioContext();
        const analyser = context.createAnalyser();
        analyser.fftSize = 2048;
        context.createMediaStreamSource(stream).connect(analyser);
        await new Promise((resolve) => setTimeout(resolve, 700));
        const samples = new Float32Array(analyser.fftSize);
        analyser.getFloatTimeDomainData(samples);
        const peak = samples.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
        const bins = new Float32Array(analyser.frequencyBinCount);
        analyser.getFloatFrequencyData(bins);
        let strongest = 1;
        for (let i = 1; i < bins.length; i++) {
            if (bins[i] > bins[strongest]) {
                strongest = i;
            }
        }
        const binHz = context.sampleRate / analyser.fftSize;
        element.srcObject = null;
        await context.close();
        return { peak, peakHz: strongest * binHz, binHz };
    }, callId);
}

const rtpengineAddress = () => env('RTC_IT_RTPENGINE');

/** The one call rtpengine holds now that it did not hold before (`before`, from list), waiting up to timeoutMs. */
async function newRtpengineCall(before, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const calls = (await rtpengine.list(rtpengineAddress())).filter((id) => !before.includes(id));
        if (calls.length === 1) {
            return calls[0];
        }
        check(calls.length < 2, `rtpengine holds ${calls.length} new calls (${calls.join(', ')}), expected one`);
        if (Date.now() >= deadline) {
            throw new Failure(`rtpengine holds no new call within ${timeoutMs} ms (it held ${JSON.stringify(before)} before)`);
        }
        await sleep(100);
    }
}

/**
 * rtpengine's counters for the call, twice a second apart: the RTP packets it received from the
 * browser's endpoint (tag browserTag) and from the phone's (phoneTag) must be > 0 and grow.
 */
async function expectRelayedBothWays(callId, browserTag, phoneTag) {
    const address = rtpengineAddress();
    const first = await rtpengine.query(address, callId);
    check(first.result === 'ok', `rtpengine query ${callId}: ${JSON.stringify(first)}`);
    fs.writeFileSync(path.join(work, 'rtpengine-query.json'), JSON.stringify(first, null, 1));
    await sleep(1000);
    const second = await rtpengine.query(address, callId);
    const a = rtpengine.packetsByTag(first);
    const b = rtpengine.packetsByTag(second);
    check(b[browserTag] && b[phoneTag], `rtpengine's call ${callId} has tags ${Object.keys(b).join(', ')}, `
        + `expected ${browserTag} and ${phoneTag}`);
    for (const [who, tag] of [['the browser', browserTag], ['baresip', phoneTag]]) {
        check(a[tag].rtp > 0 && b[tag].rtp > a[tag].rtp, `rtpengine received ${a[tag].rtp} then ${b[tag].rtp} RTP packets `
            + `from ${who} (tag ${tag}, ${b[tag].endpoint} ${b[tag].protocol}) a second apart: expected > 0 and growing`);
    }
    return { before: a, after: b };
}

const describeTag = (counts, tag) => `${counts[tag].rtp} RTP${counts[tag].muxed ? ' (RTCP muxed in)' : ''} `
    + `(${counts[tag].rtpBytes} bytes)${counts[tag].muxed ? '' : ` + ${counts[tag].rtcp} RTCP`}, ${counts[tag].errors} errors, `
    + `from ${counts[tag].endpoint} ${counts[tag].protocol}`;

/** Until rtpengine no longer knows the call (telcred's delete; run.sh starts it with --delete-delay=0). */
async function expectRtpengineDeleted(callId, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const calls = await rtpengine.list(rtpengineAddress());
        if (!calls.includes(callId)) {
            const reply = await rtpengine.query(rtpengineAddress(), callId);
            return reply['error-reason'] ?? reply.result;
        }
        if (Date.now() >= deadline) {
            throw new Failure(`rtpengine still holds call ${callId} ${timeoutMs} ms after the hangup`);
        }
        await sleep(100);
    }
}

/**
 * baresip's own RTP counters of its last call, which it prints when the call is closed
 * (rtp_stats yes): "packets: TRANSMIT RECEIVE" under "audio Transmit: Receive:". Waits up to 2 s.
 */
async function baresipRtpStats(phone) {
    const deadline = Date.now() + 2000;
    for (;;) {
        const text = phone.fullLog().replace(/\r/g, '\n');
        const m = [...text.matchAll(/audio\s+Transmit:\s+Receive:\s*\n+packets:\s+(\d+)\s+(\d+)[^\n]*\n+avg\. bitrate:\s+([\d.]+)\s+([\d.]+)[^\n]*\n+errors:\s+(\d+)\s+(\d+)/g)].pop();
        if (m) {
            return { sent: Number(m[1]), received: Number(m[2]), kbitSent: m[3], kbitReceived: m[4], errorsSent: Number(m[5]),
                errorsReceived: Number(m[6]) };
        }
        if (Date.now() >= deadline) {
            throw new Failure("baresip printed no RTP statistics (packets: TRANSMIT RECEIVE) within 2 s of the call's end");
        }
        await sleep(100);
    }
}

/** Checks and prints baresip's counters of the call just closed. */
async function expectBaresipCounted(phone) {
    const stats = await baresipRtpStats(phone);
    log(`baresip's RTP statistics of the call: sent ${stats.sent} packets (${stats.kbitSent} kbit/s), received `
        + `${stats.received} (${stats.kbitReceived} kbit/s), errors ${stats.errorsSent}/${stats.errorsReceived}`);
    check(stats.sent > 0 && stats.received > 0, `baresip sent ${stats.sent} and received ${stats.received} RTP packets: expected both > 0`);
    return stats;
}

/**
 * baresip registered over UDP through telcred with this credential, in work/NAME; stopped at the
 * scenario's end.
 */
async function startPhone(credential, extra = '', name = 'baresip') {
    const domain = process.env.RTC_IT_SIP_DOMAIN || 'sip.telcred.local';
    const sipPort = env('RTC_IT_SIP_PORT');
    const phone = new Baresip(path.join(work, name),
        `<sip:${credential.user}@${domain};transport=udp>;auth_pass=${credential.password};`
        + `outbound="sip:127.0.0.1:${sipPort};transport=udp";regint=300${extra}`);
    cleanups.push(() => phone.stop());
    extraDiagnostics.push(async (out) => {
        out(`----- ${name}: ${phone.events.length} ctrl_tcp events: ${phone.events.map((e) => e.type).join(', ') || '(none)'} -----`);
        out(`----- ${name}: its log (SIP trace), the last 150 lines -----`);
        out(phone.log(150));
        const rtpengineLog = process.env.RTC_IT_RTPENGINE_LOG;
        if (rtpengineLog && fs.existsSync(rtpengineLog)) {
            out('----- rtpengine: its log, the last 80 lines -----');
            out(fs.readFileSync(rtpengineLog, 'utf8').split('\n').slice(-80).join('\n'));
        }
    });
    await phone.start();
    const list = await api.waitForRegistrations(credential.user, 10, (l) => l.some((r) => r.transport === 'UDP'),
        `a registration of ${credential.user} with transport UDP (baresip)`);
    const registration = list.find((r) => r.transport === 'UDP');
    log(`${name} registered ${credential.user} over UDP from ${registration.ip_address}:${registration.port} (${registration.user_agent ?? ''})`);
    return { phone, domain };
}

/** The audio of a browser <-> baresip call, counted by the browser, by rtpengine and by baresip. */
async function expectAudioEverywhere(client, browserCallId, phone, rtpCallId, browserTag, phoneTag) {
    const browserAudio = await expectBrowserAudio(client, browserCallId, 10000);
    log(`page ${client.name}: inbound-rtp packetsReceived ${browserAudio.receivedBefore} -> ${browserAudio.received}, `
        + `outbound-rtp packetsSent ${browserAudio.sentBefore} -> ${browserAudio.sent} a second apart; codec ${browserAudio.codec}; `
        + `packetsLost ${browserAudio.lost}; `
        + `DTLS ${browserAudio.dtls} ${browserAudio.srtpCipher}; pair ${browserAudio.pair}; rtpengine offered/answered `
        + `${browserAudio.remoteProfile} with ${browserAudio.remoteCandidates} candidate(s)`);
    // baresip's 440 Hz sine, decoded: not silence, nor noise.
    const tone = await receivedTone(client, browserCallId);
    log(`page ${client.name}: what it hears peaks at ${tone.peakHz.toFixed(0)} Hz (FFT bins of ${tone.binHz.toFixed(1)} Hz), `
        + `amplitude ${tone.peak.toFixed(3)}: baresip's 440 Hz sine`);
    check(tone.peak > 0.05 && Math.abs(tone.peakHz - 440) <= 2 * tone.binHz, `page ${client.name}: the audio received is not `
        + `baresip's 440 Hz sine: peak amplitude ${tone.peak}, strongest frequency ${tone.peakHz} Hz`);
    check(browserAudio.remoteProfile === 'UDP/TLS/RTP/SAVPF', `page ${client.name}: the remote description's audio is `
        + `${browserAudio.remoteProfile}, expected UDP/TLS/RTP/SAVPF from rtpengine`);
    const relayed = await expectRelayedBothWays(rtpCallId, browserTag, phoneTag);
    log(`rtpengine call ${rtpCallId}: from the browser (tag ${browserTag}) ${describeTag(relayed.after, browserTag)}; `
        + `from baresip (tag ${phoneTag}) ${describeTag(relayed.after, phoneTag)} `
        + `(RTP a second before: ${relayed.before[browserTag].rtp} and ${relayed.before[phoneTag].rtp})`);
    check(relayed.after[phoneTag].protocol === 'RTP/AVP', `rtpengine's media towards baresip is ${relayed.after[phoneTag].protocol}, expected RTP/AVP`);
    check(relayed.after[browserTag].protocol === 'UDP/TLS/RTP/SAVPF',
        `rtpengine's media towards the browser is ${relayed.after[browserTag].protocol}, expected UDP/TLS/RTP/SAVPF`);
    return { browserAudio, relayed };
}

/** Page A (password) calls baresip (auto answer); audio both ways everywhere; A hangs up. */
async function baresipBrowserCalls() {
    const phoneCredential = await api.createCredential(connectionId);
    const browserCredential = await api.createCredential(connectionId);
    const before = await rtpengine.list(rtpengineAddress());
    const { phone } = await startPhone(phoneCredential, ';answermode=auto');
    const a = await openPage('A');
    await loginReady(a, PASSWORD_LOGIN(browserCredential), 'password');

    const t0 = Date.now();
    const callId = await a.page.evaluate(({ to, from }) => {
        const call = window.client.newCall({ destinationNumber: to, callerNumber: from, callerName: 'telcred-it A', audio: true, video: false });
        window.calls[call.id] = call;
        return call.id;
    }, { to: phoneCredential.user, from: browserCredential.user });
    log(`A calls baresip ${phoneCredential.user}: call ${callId}`);
    await waitForCallState(a, callId, ['active'], 15000);
    const established = await phone.waitForEvent('CALL_ESTABLISHED', 5000, t0);
    check(established, `baresip reports no CALL_ESTABLISHED (events: ${phone.events.map((e) => e.type).join(', ')})`);
    log(`A: call active after ${Date.now() - t0} ms; baresip: CALL_ESTABLISHED with ${established.peeruri}`);
    // The offer baresip got, from its SIP trace: rtpengine's plain RTP, not the browser's ICE and DTLS.
    const invite = phone.fullLog().replace(/\r/g, '').match(/\nINVITE sip:[\s\S]*?\n\n(v=0[\s\S]*?)(?:\n\n|$)/);
    check(invite, "baresip's SIP trace shows no INVITE with an SDP");
    const offered = (invite[1].match(/m=audio \d+ \S+ [^\n]*/) || ['(no m=audio)'])[0];
    const webrtcLines = invite[1].split('\n').filter((l) => /^a=(ice-ufrag|ice-pwd|fingerprint|candidate|setup)/.test(l));
    log(`baresip was offered ${offered}${webrtcLines.length ? ` with ${webrtcLines.join(', ')}` : ', no ICE, no fingerprint'}`);
    check(/^m=audio \d+ RTP\/AVP /.test(offered) && webrtcLines.length === 0,
        `baresip must be offered plain RTP/AVP without ICE or DTLS, it was offered ${offered} ${webrtcLines.join(', ')}`);

    const rtpCallId = await newRtpengineCall(before, 3000);
    await expectAudioEverywhere(a, callId, phone, rtpCallId, 'caller', 'callee');

    const last = await peerMedia(a, callId);
    const lastRelayed = rtpengine.packetsByTag(await rtpengine.query(rtpengineAddress(), rtpCallId));
    const tHangup = Date.now();
    await a.page.evaluate((id) => window.calls[id].hangup(), callId);
    await expectResult(a, 'telnyx_rtc.bye', 5000, { what: 'the bye' });
    await waitForCallState(a, callId, ['destroy'], 5000);
    const closed = await phone.waitForEvent('CALL_CLOSED', 5000, tHangup);
    check(closed, `baresip reports no CALL_CLOSED within 5 s of A's hangup (events: ${phone.events.map((e) => e.type).join(', ')})`);
    const byeLine = phone.fullLog().split('\n').find((l) => /^BYE sip:/.test(l.trim()));
    check(byeLine, "baresip's SIP trace shows no BYE");
    log(`A hung up: telnyx_rtc.bye answered, call destroyed; baresip received "${byeLine.trim()}", `
        + `CALL_CLOSED "${closed.param ?? ''}" after ${closed.t - tHangup} ms`);
    const gone = await expectRtpengineDeleted(rtpCallId, 3000);
    log(`rtpengine no longer holds call ${rtpCallId} (query: ${gone})`);
    const phoneStats = await expectBaresipCounted(phone);
    log(`packets: the browser received ${last.received}, sent ${last.sent} and rtpengine received `
        + `${lastRelayed.caller?.rtp} from the browser, ${lastRelayed.callee?.rtp} from baresip (just before the hangup); baresip sent `
        + `${phoneStats.sent}, received ${phoneStats.received}`);
}

/** baresip dials page B (token login); B answers; audio both ways everywhere; baresip hangs up. */
async function baresipBrowserAnswers() {
    const phoneCredential = await api.createCredential(connectionId);
    const browserCredential = await api.createCredential(connectionId);
    const before = await rtpengine.list(rtpengineAddress());
    const { phone, domain } = await startPhone(phoneCredential);
    const b = await openPage('B');
    await loginReady(b, TOKEN_LOGIN(await api.mintToken(browserCredential.id)), 'token');

    const t0 = Date.now();
    const target = `sip:${browserCredential.user}@${domain}`;
    const dialed = await phone.command('dial', target);
    log(`baresip dials ${target}: ${dialed.ok ? 'ok' : `refused: ${dialed.data}`}`);
    check(dialed.ok, `baresip refused to dial: ${JSON.stringify(dialed)}`);
    const ringing = await b.waitForEvent('an inbound call ringing', (e) => e.type === 'call' && e.state === 'ringing', null, 10000);
    const invite = b.received('telnyx_rtc.invite')[0];
    const offer = invite?.message.params.sdp ?? '';
    log(`B: inbound call ${ringing.id} ringing after ${Date.now() - t0} ms (direction ${ringing.direction}), from `
        + `${invite?.message.params.caller_id_number}; offered ${(offer.match(/m=audio \d+ \S+ [^\r\n]*/) || ['(no m=audio)'])[0]}`);
    await b.page.evaluate((id) => window.calls[id].answer(), ringing.id);
    await waitForCallState(b, ringing.id, ['active'], 10000);
    const established = await phone.waitForEvent('CALL_ESTABLISHED', 5000, t0);
    check(established, `baresip reports no CALL_ESTABLISHED (events: ${phone.events.map((e) => e.type).join(', ')})`);
    log(`B: call active; baresip: CALL_ESTABLISHED with ${established.peeruri}`);

    const rtpCallId = await newRtpengineCall(before, 3000);
    // baresip's INVITE came first: it is rtpengine's caller, the browser its callee.
    await expectAudioEverywhere(b, ringing.id, phone, rtpCallId, 'callee', 'caller');

    const last = await peerMedia(b, ringing.id);
    const lastRelayed = rtpengine.packetsByTag(await rtpengine.query(rtpengineAddress(), rtpCallId));
    const tHangup = Date.now();
    const hungUp = await phone.command('hangup');
    check(hungUp.ok, `baresip refused to hang up: ${JSON.stringify(hungUp)}`);
    const ended = await waitForCallState(b, ringing.id, ['hangup', 'destroy'], 5000);
    const bye = b.received('telnyx_rtc.bye')[0];
    log(`baresip hung up; B: call ${ended.state} after ${ended.t - tHangup} ms${bye ? ` (telnyx_rtc.bye ${JSON.stringify(bye.message.params)})` : ''}`);
    await waitForCallState(b, ringing.id, ['destroy'], 5000);
    const closed = await phone.waitForEvent('CALL_CLOSED', 5000, tHangup);
    check(closed, 'baresip reports no CALL_CLOSED after its hangup');
    const trace = phone.fullLog().replace(/\r/g, '');
    const byeAt = trace.lastIndexOf('\nBYE sip:');
    check(byeAt >= 0, "baresip's SIP trace shows no BYE sent");
    const byeAnswer = trace.slice(byeAt).match(/\nSIP\/2\.0 (\d+ [^\n]*)\n(?:[^\n]+\n)*?CSeq: \d+ BYE/);
    log(`baresip: CALL_CLOSED "${closed.param ?? ''}"; its BYE answered ${byeAnswer ? byeAnswer[1] : '(no answer in its trace)'}`);
    check(byeAnswer && byeAnswer[1].startsWith('200'), `baresip's BYE was answered ${byeAnswer ? byeAnswer[1] : 'with nothing'}`);
    const gone = await expectRtpengineDeleted(rtpCallId, 3000);
    log(`rtpengine no longer holds call ${rtpCallId} (query: ${gone})`);
    const phoneStats = await expectBaresipCounted(phone);
    log(`packets: the browser received ${last.received}, sent ${last.sent} and rtpengine received `
        + `${lastRelayed.callee?.rtp} from the browser, ${lastRelayed.caller?.rtp} from baresip (just before the hangup); baresip sent `
        + `${phoneStats.sent}, received ${phoneStats.received}`);
}

// ---------------------------------------------------------------------------------------------
// The call centre: a customer's baresip calls `support`; the backend of call-centre.mjs, written
// with the official telnyx SDK, gets call.initiated, lists the logged-in agents and dials one with
// link_to and bridge_on_answer; the agent answers, the two talk, the backend hangs up.
// ---------------------------------------------------------------------------------------------

/**
 * A call-control application (a credential connection whose webhook_event_url is the backend),
 * a connection for its agents, and the backend, which keeps every webhook that verified.
 */
async function startApplication({ dialsAgents = true } = {}) {
    const webhooks = [];
    const refused = [];
    const failures = [];
    const suffix = `${Date.now() % 1e9}`;
    const agentsConnectionId = await api.createConnection(`agents ${suffix}`, `agents${suffix}`, `pw-${suffix}-Zr8!nWq4sY`);
    const centre = await startCallCentre({
        telcredUrl: env('RTC_IT_BASE_URL'), apiKey: env('RTC_IT_API_KEY'),
        agentsConnectionId, sipDomain: process.env.RTC_IT_SIP_DOMAIN || 'sip.telcred.local', dialsAgents,
        onWebhook: (event, raw) => webhooks.push({ t: Date.now(), event, raw }),
        onRefused: (raw, error) => refused.push({ raw, error: error.message }),
        onError: (error) => failures.push(error.message),
    });
    cleanups.push(() => centre.close());
    const { data: application } = await centre.telnyx.credentialConnections.create({
        connection_name: `support ${suffix}`, user_name: `support${suffix}`, password: `pw-${suffix}-Qx7!kLm2vT`,
        webhook_event_url: centre.url,
    });
    extraDiagnostics.push((out) => {
        out(`----- the backend: ${webhooks.length} verified webhooks, ${refused.length} refused, errors: ${failures.join('; ') || '(none)'} -----`);
        webhooks.forEach((w) => out(`${w.event.data.event_type} ${JSON.stringify(w.event.data.payload)}`));
    });
    /** The webhook of this type whose payload passes test, waiting up to timeoutMs. */
    async function webhook(type, test = () => true, timeoutMs = 10000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const found = webhooks.find((w) => w.event.data.event_type === type && test(w.event.data.payload));
            if (found) {
                return found;
            }
            check(failures.length === 0, `the backend failed: ${failures.join('; ')}`);
            if (Date.now() >= deadline) {
                throw new Failure(`no ${type} webhook within ${timeoutMs} ms; the backend has `
                    + `${webhooks.map((w) => w.event.data.event_type).join(', ') || 'none'}`);
            }
            await sleep(50);
        }
    }
    return { centre, application, agentsConnectionId, webhooks, refused, webhook };
}

/** The agent's leg that the backend dialled for this parked call: its call.initiated (outgoing). */
const dialledFor = (app, parked) => app.webhook('call.initiated',
    (p) => p.direction === 'outgoing' && p.call_session_id === parked.call_session_id);

/**
 * What every call-centre call must show in its webhooks: each one verified with the published key
 * (no request refused), the agent's leg carried the backend's client_state, answered and bridged
 * legs, and a hangup of both legs with its cause and source. An altered body must not verify.
 */
async function expectCallCentreWebhooks(app, parked, agentLeg) {
    const session = parked.call_session_id;
    const hangups = [];
    for (const leg of [parked, agentLeg]) {
        hangups.push((await app.webhook('call.hangup', (p) => p.call_control_id === leg.call_control_id)).event.data.payload);
        await app.webhook('call.bridged', (p) => p.call_control_id === leg.call_control_id);
    }
    await app.webhook('call.answered', (p) => p.call_control_id === agentLeg.call_control_id);
    check(app.refused.length === 0, `the backend refused ${app.refused.length} webhooks: ${app.refused.map((r) => r.error).join('; ')}`);
    const ofCall = app.webhooks.filter((w) => w.event.data.payload.call_session_id === session);
    const agentState = Buffer.from(agentLeg.client_state ?? '', 'base64').toString();
    check(agentState.startsWith('agent:'), `the agent's call.initiated carries client_state ${agentLeg.client_state}, not the backend's`);
    check(ofCall.filter((w) => w.event.data.payload.call_control_id === agentLeg.call_control_id)
        .every((w) => w.event.data.payload.client_state === agentLeg.client_state), "a webhook of the agent's leg lost its client_state");
    log(`webhooks of the call, each verified by telnyx.webhooks.unwrap: ${ofCall.map((w) => `${w.event.data.event_type}`
        + `(${w.event.data.payload.call_control_id === parked.call_control_id ? 'customer' : 'agent'})`).join(', ')}; `
        + `hangups: ${hangups.map((h) => `${h.hangup_cause}/${h.hangup_source}`).join(', ')}`);
    check(hangups.every((h) => h.hangup_cause === 'normal_clearing'), `hangup causes ${hangups.map((h) => h.hangup_cause)}`);
    const { body, headers } = app.webhooks.find((w) => w.event.data.event_type === 'call.initiated').raw;
    const altered = body.replace('"incoming"', '"outgoing"');
    check(altered !== body, 'the call.initiated body has no "incoming" to alter');
    const verdict = await app.centre.telnyx.webhooks.unwrap(altered, { headers, key: (await signingKey()) })
        .then(() => 'verified', (e) => `refused (${e.message})`);
    log(`the same call.initiated with "incoming" altered to "outgoing": ${verdict}`);
    check(verdict.startsWith('refused'), 'an altered webhook body verified');
}

async function signingKey() {
    const response = await fetch(`${env('RTC_IT_BASE_URL')}/.well-known/telcred/webhook-signing-key`);
    return (await response.json()).public_key;
}

/** The customer's baresip dials `support`: parked (ringing) and announced to the backend. */
async function callSupport(app, customer, domain) {
    const t0 = Date.now();
    const dialed = await customer.command('dial', `sip:support@${domain}`);
    check(dialed.ok, `baresip refused to dial: ${JSON.stringify(dialed)}`);
    const parked = (await app.webhook('call.initiated', (p) => p.direction === 'incoming')).event.data.payload;
    check(parked.state === 'parked' && parked.connection_id === app.application.id,
        `call.initiated says state ${parked.state}, connection ${parked.connection_id} (the application is ${app.application.id})`);
    const ringing = await customer.waitForEvent('CALL_RINGING', 5000, t0);
    log(`the customer dialled support: parked (${ringing ? 'baresip hears ringing' : 'no CALL_RINGING'}), `
        + `call.initiated after ${Date.now() - t0} ms (from ${parked.from}, to ${parked.to})`);
    check(ringing, 'baresip heard no ringing while parked');
    return { parked, t0 };
}

/** The backend hangs up the customer's leg: both ends see the call end. */
async function backendHangsUp(app, parked, customer) {
    const tHangup = Date.now();
    await app.centre.telnyx.calls.actions.hangup(parked.call_control_id, {});
    const closed = await customer.waitForEvent('CALL_CLOSED', 5000, tHangup);
    check(closed, `the customer's baresip reports no CALL_CLOSED within 5 s of the backend's hangup`);
    log(`the backend hung up the customer's leg: the customer's CALL_CLOSED after ${closed.t - tHangup} ms`);
    const status = await app.centre.telnyx.calls.retrieveStatus(parked.call_control_id);
    check(status.data.is_alive === false, `GET /v2/calls/{id} says is_alive ${status.data.is_alive} after the hangup`);
    return tHangup;
}

/** The backend hangs up a call between two baresips: both see the end, and each sent and received RTP. */
async function hangUpBothPhones(app, parked, customer, agent) {
    const tHangup = await backendHangsUp(app, parked, customer);
    check(await agent.waitForEvent('CALL_CLOSED', 5000, tHangup), "the agent's baresip reports no CALL_CLOSED");
    const customerStats = await expectBaresipCounted(customer);
    const agentStats = await expectBaresipCounted(agent);
    log(`RTP: the customer sent ${customerStats.sent} and received ${customerStats.received}, `
        + `the agent sent ${agentStats.sent} and received ${agentStats.received}`);
}

/** The customer's baresip to an agent's baresip (auto answer): both plain RTP, media between them. */
async function callCentreBaresipAgent() {
    const app = await startApplication();
    const agentCredential = await api.createCredential(app.agentsConnectionId);
    const customerCredential = await api.createCredential(app.application.id);
    const { phone: agent } = await startPhone(agentCredential, ';answermode=auto', 'agent');
    const { phone: customer, domain } = await startPhone(customerCredential, '', 'customer');

    const { parked, t0 } = await callSupport(app, customer, domain);
    const agentLeg = (await dialledFor(app, parked)).event.data.payload;
    log(`the backend dialled ${agentLeg.to} (call ${agentLeg.call_control_id})`);
    const established = await customer.waitForEvent('CALL_ESTABLISHED', 15000, t0);
    check(established, `the customer's baresip reports no CALL_ESTABLISHED (events: ${customer.events.map((e) => e.type).join(', ')})`);
    check(await agent.waitForEvent('CALL_ESTABLISHED', 2000, t0), "the agent's baresip reports no CALL_ESTABLISHED");
    log(`both phones established ${established.t - t0} ms after the customer dialled`);
    await sleep(2000);

    await hangUpBothPhones(app, parked, customer, agent);
    await expectCallCentreWebhooks(app, parked, agentLeg);
}

/**
 * The other way of call control: the backend dials the agent's baresip on its own (no link_to: an
 * INVITE without SDP, the phone offers in its 200 and is held by the ACK), and once it answered,
 * bridges it to the parked customer (telcred re-INVITEs the phone with the customer's offer).
 */
async function callCentreBridgeLater() {
    const app = await startApplication({ dialsAgents: false });
    const agentCredential = await api.createCredential(app.agentsConnectionId);
    const customerCredential = await api.createCredential(app.application.id);
    const { phone: agent } = await startPhone(agentCredential, ';answermode=auto', 'agent');
    const { phone: customer, domain } = await startPhone(customerCredential, '', 'customer');

    const { parked, t0 } = await callSupport(app, customer, domain);
    const { telnyx } = app.centre;
    const clientState = Buffer.from(`agent:${agentCredential.user}`).toString('base64');
    const { data: dialled } = await telnyx.calls.dial({ connection_id: app.application.id,
        to: `sip:${agentCredential.user}@${domain}`, from: customerCredential.user, timeout_secs: 20,
        client_state: clientState, custom_headers: [{ name: 'X-Ticket', value: '4711' }] });
    await app.webhook('call.answered', (p) => p.call_control_id === dialled.call_control_id);
    check(await agent.waitForEvent('CALL_ESTABLISHED', 2000, t0), "the agent's baresip reports no CALL_ESTABLISHED");
    const trace = agent.fullLog().replace(/\r/g, '');
    const invite = trace.match(/\nINVITE sip:[^\n]*\n(?:[^\n]+\n)*\n/);
    check(invite && /\nContent-Length: *0\n/i.test(invite[0]), `the agent's first INVITE carries an SDP: ${invite?.[0]}`);
    check(/\nX-Ticket: *4711\n/i.test(invite[0]), `the agent's INVITE lacks the custom header X-Ticket: ${invite[0]}`);
    log(`the backend dialled ${agentCredential.user} alone: an INVITE without SDP, with X-Ticket; baresip answered, held`);
    check(!(await customer.waitForEvent('CALL_ESTABLISHED', 500, t0)), 'the customer was answered before the bridge');

    const tBridge = Date.now();
    await telnyx.calls.actions.bridge(parked.call_control_id, { call_control_id: dialled.call_control_id });
    const established = await customer.waitForEvent('CALL_ESTABLISHED', 5000, tBridge);
    check(established, `the customer's baresip reports no CALL_ESTABLISHED after the bridge (events: ${customer.events.map((e) => e.type).join(', ')})`);
    const reinvites = agent.fullLog().replace(/\r/g, '').split('\nINVITE sip:').length - 1;
    check(reinvites >= 2, `the agent's baresip got ${reinvites} INVITEs: expected the dial and the bridge's re-INVITE`);
    log(`bridged: the customer established ${established.t - tBridge} ms after actions/bridge; the agent was re-INVITEd`);
    await sleep(2000);

    await hangUpBothPhones(app, parked, customer, agent);
    const agentLeg = (await app.webhook('call.initiated', (p) => p.call_control_id === dialled.call_control_id)).event.data.payload;
    await expectCallCentreWebhooks(app, parked, agentLeg);
}

/** The customer's baresip to an agent's browser (token login): plain RTP meets WebRTC through rtpengine. */
async function callCentreBrowserAgent() {
    const app = await startApplication();
    const agentCredential = await api.createCredential(app.agentsConnectionId);
    const customerCredential = await api.createCredential(app.application.id);
    const before = await rtpengine.list(rtpengineAddress());
    const agent = await openPage('agent');
    await loginReady(agent, TOKEN_LOGIN(await api.mintToken(agentCredential.id)), 'token');
    const { phone: customer, domain } = await startPhone(customerCredential, '', 'customer');

    const { parked, t0 } = await callSupport(app, customer, domain);
    const agentLeg = (await dialledFor(app, parked)).event.data.payload;
    const ringing = await agent.waitForEvent('an inbound call ringing', (e) => e.type === 'call' && e.state === 'ringing', null, 10000);
    log(`the backend dialled ${agentLeg.to}: the agent's page rings (call ${ringing.id}) ${Date.now() - t0} ms after the customer dialled`);
    await agent.page.evaluate((id) => window.calls[id].answer(), ringing.id);
    await waitForCallState(agent, ringing.id, ['active'], 10000);
    const established = await customer.waitForEvent('CALL_ESTABLISHED', 5000, t0);
    check(established, `the customer's baresip reports no CALL_ESTABLISHED (events: ${customer.events.map((e) => e.type).join(', ')})`);
    log('the agent answered: both active');

    const rtpCallId = await newRtpengineCall(before, 3000);
    // The customer's INVITE came first: it is rtpengine's caller, the agent's browser its callee.
    await expectAudioEverywhere(agent, ringing.id, customer, rtpCallId, 'callee', 'caller');

    await backendHangsUp(app, parked, customer);
    const ended = await waitForCallState(agent, ringing.id, ['hangup', 'destroy'], 5000);
    log(`the agent's page: call ${ended.state}`);
    const gone = await expectRtpengineDeleted(rtpCallId, 3000);
    log(`rtpengine no longer holds call ${rtpCallId} (query: ${gone})`);
    await expectBaresipCounted(customer);
    await expectCallCentreWebhooks(app, parked, agentLeg);
}

const SCENARIOS = {
    smoke,
    'login-password': loginPassword,
    'login-jwt': loginJwt,
    'login-wss': loginWss,
    call: callScenario,
    'wrong-password': wrongPassword,
    'revoked-token': revokedToken,
    punt,
    'call-absent': callAbsent,
    'call-rejected': callRejected,
    'baresip-rtpengine-browser-calls': baresipBrowserCalls,
    'baresip-rtpengine-browser-answers': baresipBrowserAnswers,
    'call-centre-baresip-agent': callCentreBaresipAgent,
    'call-centre-browser-agent': callCentreBrowserAgent,
    'call-centre-bridge-later': callCentreBridgeLater,
};

// ---------------------------------------------------------------------------------------------

const run = SCENARIOS[scenario];
if (!run) {
    console.error(`unknown scenario ${scenario} (${Object.keys(SCENARIOS).join(', ')})`);
    process.exit(2);
}
if (scenario !== 'smoke' && !connectionId) {
    console.error('RTC_IT_CONNECTION_ID must be set');
    process.exit(2);
}
const server = await startPageServer();
origin = `http://127.0.0.1:${server.address().port}`;
let status = 0;
let timer;
try {
    browser = await launch();
    log(`Chromium started; SDK @telnyx/webrtc ${SDK_VERSION}; gateway ${wsUrl}`);
    await Promise.race([
        run(),
        new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Failure(`scenario not done within ${timeoutSeconds} s`)), timeoutSeconds * 1000);
        }),
    ]);
} catch (e) {
    status = 1;
    console.error(`rtc ${scenario}: FAILED: ${e instanceof Failure ? e.message : e.stack || e}`);
    for (const client of pages) {
        await client.diagnose((line) => console.error(line)).catch((d) => console.error(`(no diagnostics: ${d.message})`));
    }
    for (const diagnose of extraDiagnostics) {
        await Promise.resolve(diagnose((line) => console.error(line))).catch((d) => console.error(`(no diagnostics: ${d.message})`));
    }
} finally {
    for (const stop of cleanups) {
        await stop().catch(() => {});
    }
    clearTimeout(timer);
    for (const client of pages) {
        client.saveFrames();
    }
    await Promise.race([browser?.close().catch(() => {}), sleep(5000)]);
    server.close();
}
process.exit(status);
