#!/usr/bin/env node
// SIP.js 0.21 in headless Chromium against telcred's SIP over WebSocket.
//
//   node sipjs.test.mjs register|call|call-restart
//
// Environment (set by ../run.sh):
//   SIP_IT_BASE_URL, SIP_IT_API_KEY   telcred's REST API (to look registrations up)
//   SIP_IT_WS_URL                     ws://127.0.0.1:PORT of telcred's SIP WebSocket transport
//   SIP_IT_DOMAIN                     the SIP domain (sip.telcred.local)
//   SIP_IT_USERS                      "user:password" pairs, space separated (register: 1, call: 2)
//   SIP_IT_CHROMIUM                   the browser (default /usr/bin/chromium; never downloaded)
//   SIP_IT_WORK                       a directory for Chromium's profile and the browser console log
//
// The page is served by a tiny HTTP server of this process: it loads sip.js straight from
// node_modules as ES modules (no bundler), exactly as a web softphone would.
//
// register: UserAgent + Registerer until "Registered"; the API must list a WS registration with
//           our user agent; Registerer.unregister() must remove it; a second registration must
//           also disappear when the page (and so the WebSocket) is closed (RFC 5626 flow).
// call:     two user agents, each on its own WebSocket; the callee registers, the caller
//           invites it through telcred (fake media devices), the callee accepts, the caller's
//           session reaches "Established", then the caller hangs up and the callee's session
//           must end ("Terminated").
// call-restart: the same call, but telcred restarts between the answer and the BYE (the runner
//           restarts it when this script asks, through files in SIP_IT_WORK); both user agents
//           reconnect and register again, and the caller's BYE, routed by the Record-Route of the
//           call made before the restart, still ends the callee's session.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SIPJS_ROOT = path.join(HERE, 'node_modules', 'sip.js');
const USER_AGENT = 'telcred-it SIP.js 0.21.2';
const env = (name) => {
    if (!process.env[name]) {
        throw new Error(`${name} must be set`);
    }
    return process.env[name];
};

const scenario = process.argv[2];
const wsUrl = env('SIP_IT_WS_URL');
const domain = env('SIP_IT_DOMAIN');
const work = env('SIP_IT_WORK');
const users = env('SIP_IT_USERS').split(' ').map((pair) => {
    const [user, password] = pair.split(':');
    return { user, password };
});

const started = Date.now();
function log(message) {
    console.log(`sipjs ${scenario} +${((Date.now() - started) / 1000).toFixed(1)}s: ${message}`);
}

/** The registrations of a user, through ../lib/api.mjs (the same helper the shell runner uses). */
function api(...args) {
    return execFileSync(process.execPath, [path.join(HERE, '..', 'lib', 'api.mjs'), ...args],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function apiExpect(...args) {
    try {
        return api(...args);
    } catch (e) {
        throw new Error(e.stderr?.trim() || e.message);
    }
}

/** Serves the test page and the sip.js package (ES modules) on a free loopback port. */
function startPageServer() {
    const page = `<!doctype html><meta charset="utf-8"><title>telcred SIP.js test</title>
<script type="module">
  import * as SIP from '/sip.js/lib/index.js';
  window.SIP = SIP;
  window.sipReady = true;
</script>`;
    const server = http.createServer((req, res) => {
        const url = new URL(req.url, 'http://x');
        if (url.pathname === '/') {
            res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
            return;
        }
        const file = path.normalize(path.join(SIPJS_ROOT, url.pathname.replace(/^\/sip\.js\//, '')));
        if (!url.pathname.startsWith('/sip.js/') || !file.startsWith(SIPJS_ROOT) || !fs.existsSync(file)) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(fs.readFileSync(file));
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Chromium on a fresh profile (playwright passes it as --user-data-dir); one context, a page per user agent. */
async function launch() {
    return chromium.launchPersistentContext(fs.mkdtempSync(path.join(work, 'chromium-profile-')), {
        executablePath: process.env.SIP_IT_CHROMIUM || '/usr/bin/chromium',
        headless: true,
        args: [
            '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
            // getUserMedia without a microphone and without a permission prompt (call scenario)
            '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
        ],
    });
}

async function openPage(browser, origin, name) {
    const page = await browser.newPage();
    const consoleLog = fs.createWriteStream(path.join(work, `browser-${name}.log`));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e}\n`));
    await page.goto(origin + '/');
    await page.waitForFunction(() => window.sipReady === true, null, { timeout: 10000 });
    log(`page ${name} loaded sip.js`);
    return page;
}

/**
 * Runs in the page: makes window.ua (UserAgent, started) and window.reg (Registerer), registers,
 * and resolves with the Registerer's state once it settles (or rejects with the SIP reason).
 */
function registerInPage(page, { user, password }) {
    return page.evaluate(async ({ user, password, wsUrl, domain, userAgentString }) => {
        const { UserAgent, Registerer, RegistererState } = window.SIP;
        const ua = new UserAgent({
            uri: UserAgent.makeURI(`sip:${user}@${domain}`),
            authorizationUsername: user,
            authorizationPassword: password,
            transportOptions: { server: wsUrl },
            userAgentString,
            logLevel: 'log',
            sessionDescriptionHandlerFactoryOptions: {
                // no STUN/TURN: only host candidates, gathered at once
                peerConnectionConfiguration: { iceServers: [] },
                iceGatheringTimeout: 500,
            },
        });
        window.ua = ua;
        window.invitations = [];
        ua.delegate = { onInvite: (invitation) => window.invitations.push(invitation) };
        await ua.start();
        const reg = new Registerer(ua, { expires: 300 });
        window.reg = reg;
        const settled = new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`still ${reg.state} after 10 s`)), 10000);
            reg.stateChange.addListener((state) => {
                if (state === RegistererState.Registered) {
                    clearTimeout(timer);
                    resolve(state);
                }
            });
        });
        let rejected = null;
        await reg.register({
            requestDelegate: {
                onReject: (response) => {
                    rejected = `${response.message.statusCode} ${response.message.reasonPhrase}`;
                },
            },
        });
        return Promise.race([settled, new Promise((resolve, reject) => {
            const check = setInterval(() => {
                if (rejected) {
                    clearInterval(check);
                    reject(new Error(`REGISTER rejected: ${rejected}`));
                }
            }, 50);
            settled.finally(() => clearInterval(check));
        })]);
    }, { user, password, wsUrl, domain, userAgentString: USER_AGENT });
}

function unregisterInPage(page) {
    return page.evaluate(async () => {
        const { RegistererState } = window.SIP;
        const reg = window.reg;
        const done = new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`still ${reg.state} after 10 s`)), 10000);
            reg.stateChange.addListener((state) => {
                if (state === RegistererState.Unregistered) {
                    clearTimeout(timer);
                    resolve(state);
                }
            });
        });
        await reg.unregister();
        return done;
    });
}

async function registerScenario(browser, origin) {
    const [credential] = users;
    let page = await openPage(browser, origin, 'register');
    log(`registering ${credential.user} over ${wsUrl}`);
    log(`Registerer state: ${await registerInPage(page, credential)}`);
    log(`API lists: ${apiExpect('wait-registered', credential.user, 'WS', USER_AGENT, '5')}`);
    log(`Registerer state: ${await unregisterInPage(page)}`);
    apiExpect('wait-unregistered', credential.user, '5');
    log('API lists no registration after unregister()');

    // A browser tab that simply goes away never sends REGISTER Expires: 0; its binding lives on
    // the WebSocket and must end with it.
    await page.close();
    page = await openPage(browser, origin, 'register-close');
    await registerInPage(page, credential);
    apiExpect('wait-registered', credential.user, 'WS', USER_AGENT, '5');
    log('registered again; closing the page without unregistering');
    await page.close();
    apiExpect('wait-unregistered', credential.user, '5');
    log('API lists no registration once the WebSocket is closed');
}

/** Asks the runner to restart telcred, and waits until it has (files in SIP_IT_WORK). */
async function restartTelcred() {
    fs.writeFileSync(path.join(work, 'restart-now'), '');
    const done = path.join(work, 'restart-done');
    const deadline = Date.now() + 30000;
    while (!fs.existsSync(done)) {
        if (Date.now() > deadline) {
            throw new Error('telcred was not restarted within 30 s');
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}

/** Runs in the page: on a lost WebSocket, reconnect every half second, and register again once connected. */
function reconnectInPage(page) {
    return page.evaluate(() => {
        const retry = () => window.ua.reconnect().catch(() => setTimeout(retry, 500));
        window.ua.delegate.onDisconnect = () => setTimeout(retry, 500);
        window.ua.delegate.onConnect = () => window.reg.register();
    });
}

async function callScenario(browser, origin, restart) {
    const [caller, callee] = users;
    const callerPage = await openPage(browser, origin, 'caller');
    const calleePage = await openPage(browser, origin, 'callee');
    await registerInPage(calleePage, callee);
    apiExpect('wait-registered', callee.user, 'WS', USER_AGENT, '5');
    log(`callee ${callee.user} registered`);
    await registerInPage(callerPage, caller);
    log(`caller ${caller.user} registered`);

    // The callee accepts the first invitation it gets and reports its session's states.
    const calleeAnswered = calleePage.evaluate(async () => {
        const deadline = Date.now() + 15000;
        while (window.invitations.length === 0) {
            if (Date.now() > deadline) {
                throw new Error('no INVITE reached the callee within 15 s');
            }
            await new Promise((r) => setTimeout(r, 50));
        }
        const invitation = window.invitations[0];
        window.calleeStates = [];
        invitation.stateChange.addListener((s) => window.calleeStates.push(s));
        await invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
        return invitation.remoteIdentity.uri.user;
    });

    const established = await callerPage.evaluate(async ({ target }) => {
        const { Inviter, SessionState, UserAgent } = window.SIP;
        const inviter = new Inviter(window.ua, UserAgent.makeURI(target), {
            sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
        });
        window.inviter = inviter;
        const states = [];
        const result = new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`call not established in 15 s: ${states.join(' -> ')}`)), 15000);
            inviter.stateChange.addListener((s) => {
                states.push(s);
                if (s === SessionState.Established) {
                    clearTimeout(timer);
                    resolve(states.join(' -> '));
                } else if (s === SessionState.Terminated) {
                    clearTimeout(timer);
                    reject(new Error(`call ended before it was established: ${states.join(' -> ')}`));
                }
            });
        });
        let failure = null;
        await inviter.invite({
            requestDelegate: {
                onReject: (response) => {
                    failure = `${response.message.statusCode} ${response.message.reasonPhrase}`;
                },
            },
        });
        try {
            return await result;
        } catch (e) {
            throw new Error(failure ? `INVITE rejected: ${failure}` : e.message);
        }
    }, { target: `sip:${callee.user}@${domain}` });
    log(`caller session: ${established}`);
    log(`callee answered a call from ${await calleeAnswered}`);

    if (restart) {
        await reconnectInPage(callerPage);
        await reconnectInPage(calleePage);
        await restartTelcred();
        log('telcred restarted');
        apiExpect('wait-registered', callee.user, 'WS', USER_AGENT, '20');
        log('the callee reconnected and registered again');
    }

    await callerPage.evaluate(() => window.inviter.bye());
    const calleeStates = await calleePage.evaluate(async () => {
        const deadline = Date.now() + 10000;
        while (!window.calleeStates.includes('Terminated')) {
            if (Date.now() > deadline) {
                throw new Error(`the BYE did not end the callee's session: ${window.calleeStates.join(' -> ')}`);
            }
            await new Promise((r) => setTimeout(r, 50));
        }
        return window.calleeStates.join(' -> ');
    });
    log(`callee session after BYE: ${calleeStates}`);
}

const server = await startPageServer();
const origin = `http://127.0.0.1:${server.address().port}`;
let browser;
let status = 0;
try {
    browser = await launch();
    log('Chromium started');
    if (scenario === 'register') {
        await registerScenario(browser, origin);
    } else if (scenario === 'call' || scenario === 'call-restart') {
        await callScenario(browser, origin, scenario === 'call-restart');
    } else {
        throw new Error(`unknown scenario ${scenario} (register, call or call-restart)`);
    }
} catch (e) {
    console.error(`sipjs ${scenario}: ${e.message}`);
    status = 1;
} finally {
    await browser?.close().catch(() => {});
    server.close();
}
process.exit(status);
