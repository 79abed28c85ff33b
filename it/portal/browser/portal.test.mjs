#!/usr/bin/env node
// The portal in headless Chromium, the way a new user goes through it, against a running telcred:
//
//   sign-in            the bootstrap owner signs in
//   connection         "Add SIP Connection": a name, type Credentials, the generated login, Save & Finish Editing
//   reveal             the eye icon of the Auth Detail column shows that username and password
//   registration-live  baresip registers with them; the Registrations page shows it without a reload
//   credential-token   an on-demand credential is created on the connection's page, then a login token for it
//   api-key            an API key is made (shown once, it works), then revoked (it no longer works)
//   test-call          two test-call pages, one logged in with the connection's login, one with the token,
//                      call each other: both reach "active", then both see the hangup
//
// The scenarios build on one another and run in this order; one PASS/FAIL line each, and after a
// failure the later ones are skipped. Screenshots of the main pages go to PORTAL_IT_SCREENSHOTS.
//
// Environment (set by ../run.sh):
//   PORTAL_IT_BASE_URL, PORTAL_IT_API_KEY   telcred's HTTP base and the bootstrap API key (REST checks)
//   PORTAL_IT_EMAIL, PORTAL_IT_PASSWORD     the bootstrap portal user
//   PORTAL_IT_SIP_PORT, PORTAL_IT_SIP_DOMAIN  telcred's SIP UDP port on 127.0.0.1 and its domain
//   PORTAL_IT_WORK                          a directory for Chromium's profile, baresip and logs
//   PORTAL_IT_SCREENSHOTS                   where the screenshots go (PNG, one per main page)
//   PORTAL_IT_CHROMIUM                      the browser (default /usr/bin/chromium; never downloaded)
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { Baresip } from '../../rtc/lib/baresip.mjs';
import { loopbackOnlyInit } from '../../rtc/lib/loopback.mjs';

const env = (name) => {
    if (!process.env[name]) {
        throw new Error(`${name} must be set`);
    }
    return process.env[name];
};
const BASE = env('PORTAL_IT_BASE_URL');
const API_KEY = env('PORTAL_IT_API_KEY');
const WORK = env('PORTAL_IT_WORK');
const SHOTS = env('PORTAL_IT_SCREENSHOTS');
const STEP_TIMEOUT_MS = 15000;

const started = Date.now();
const log = (message) => console.log(`portal +${((Date.now() - started) / 1000).toFixed(1)}s: ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Failure extends Error {}
function check(condition, message) {
    if (!condition) {
        throw new Failure(message);
    }
}

async function rest(method, urlPath, { key = API_KEY, body } = {}) {
    const response = await fetch(BASE + urlPath, {
        method,
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10000),
    });
    const text = await response.text();
    return { status: response.status, json: text.startsWith('{') ? JSON.parse(text) : null, text };
}

async function launch() {
    fs.mkdirSync(WORK, { recursive: true });
    return chromium.launchPersistentContext(fs.mkdtempSync(path.join(WORK, 'chromium-profile-')), {
        executablePath: process.env.PORTAL_IT_CHROMIUM || '/usr/bin/chromium',
        headless: true,
        viewport: { width: 1280, height: 800 },
        args: [
            '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
            '--disable-background-networking', '--disable-component-update',
            '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
            '--autoplay-policy=no-user-gesture-required',
            '--disable-features=WebRtcHideLocalIpsWithMdns', '--allow-loopback-in-peer-connection',
            '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
        ],
    });
}

/** A page whose console and failed requests are kept for the failure report. */
async function newPage(context, name) {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.addInitScript(loopbackOnlyInit);
    const lines = [];
    page.on('console', (message) => lines.push(`[${name} console.${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => lines.push(`[${name} page error] ${error.message}`));
    page.on('requestfailed', (request) => lines.push(`[${name} request failed] ${request.url()} ${request.failure()?.errorText}`));
    page.on('dialog', (dialog) => dialog.accept());
    page.diagnostics = lines;
    pages.push(page);
    return page;
}
const pages = [];

async function screenshot(page, name, directory = SHOTS) {
    fs.mkdirSync(directory, { recursive: true });
    await page.screenshot({ path: path.join(directory, `${name}.png`), fullPage: true });
}

/** Signs a page in as the bootstrap owner through the sign-in form. */
async function signIn(page, shot) {
    await page.goto(`${BASE}/`);
    check(new URL(page.url()).pathname === '/login', `a signed-out visitor lands on ${page.url()}, not /login`);
    if (shot) {
        await screenshot(page, 'sign-in');
    }
    await page.getByLabel('E-mail address').fill(env('PORTAL_IT_EMAIL'));
    await page.getByLabel('Password').fill(env('PORTAL_IT_PASSWORD'));
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'Sign in' }).click()]);
}

const state = {};

const scenarios = {
    async 'sign-in'(context) {
        const page = await newPage(context, 'owner');
        await signIn(page, true);
        check(new URL(page.url()).pathname === '/connections', `after sign-in the portal shows ${page.url()}`);
        state.page = page;
    },

    async connection() {
        const { page } = state;
        const name = `Office ${Date.now() % 100000}`;
        await page.getByRole('link', { name: 'Add SIP Connection' }).or(page.getByRole('button', { name: 'Add SIP Connection' })).first().click();
        await page.locator('#connection-name').fill(name);
        await page.locator('#connection-type').selectOption({ label: 'Credentials' });
        const before = (await rest('GET', '/v2/credential_connections?page[size]=1')).json.meta.total_results;
        await page.getByRole('button', { name: 'Create' }).click();
        const user = await page.locator('#user-name').inputValue();
        const password = await page.locator('#password').inputValue();
        check(/^[A-Za-z0-9]{4,}$/.test(user), `a generated username is shown: '${user}'`);
        check(password.length >= 20, `a strong password is shown (${password.length} characters)`);
        const during = (await rest('GET', '/v2/credential_connections?page[size]=1')).json.meta.total_results;
        check(during === before, `nothing is stored before Save & Finish Editing (${before} connections, then ${during})`);
        await screenshot(page, 'connection-new');
        await page.getByRole('button', { name: 'Save & Finish Editing' }).click();
        await page.waitForURL((url) => url.pathname === '/connections');
        const stored = (await rest('GET', `/v2/credential_connections?filter[connection_name][contains]=${encodeURIComponent(name)}`)).json.data;
        check(stored.length === 1 && stored[0].user_name === user, `the connection is stored with the username shown: ${JSON.stringify(stored)}`);
        Object.assign(state, { connectionId: stored[0].id, connectionName: name, user, password });
        log(`connection ${name} (${state.connectionId}) with username ${user}`);
    },

    async reveal() {
        const { page } = state;
        const row = page.locator('tr', { hasText: state.connectionName });
        check(!(await row.innerText()).includes(state.password), 'the password is hidden until asked for');
        await row.getByRole('button', { name: 'Show credentials' }).click();
        await row.locator('[data-auth-password]').filter({ hasText: state.password }).waitFor();
        const shown = (await row.locator('[data-auth-user]').innerText()).trim();
        check(shown === state.user, `the eye icon shows the username: '${shown}'`);
        await screenshot(page, 'connections');
        await page.setViewportSize({ width: 390, height: 844 });
        await screenshot(page, 'connections-phone');
        await page.setViewportSize({ width: 1280, height: 800 });
    },

    async 'registration-live'(context) {
        const page = await newPage(context, 'registrations');
        await page.goto(`${BASE}/registrations`);
        await page.evaluate(() => { window.notReloaded = true; });
        check(await page.locator(`#registrations tr[data-user="${state.user}"]`).count() === 0, 'not registered yet');
        const phone = new Baresip(path.join(WORK, 'baresip'), `<sip:${state.user}@${env('PORTAL_IT_SIP_DOMAIN')}>`
            + `;auth_pass=${state.password};outbound="sip:127.0.0.1:${env('PORTAL_IT_SIP_PORT')};transport=udp"`
            + ';regint=600;answermode=manual');
        state.phone = phone;
        await phone.start();
        await page.locator(`#registrations tr[data-user="${state.user}"]`).waitFor({ timeout: 10000 });
        check(await page.evaluate(() => window.notReloaded === true), 'the row appeared without a reload');
        const row = await page.locator(`#registrations tr[data-user="${state.user}"]`).innerText();
        check(/UDP/i.test(row) && /baresip/i.test(row) && row.includes('127.0.0.1'), `the row tells transport, user agent and address: ${row}`);
        await screenshot(page, 'registrations');
        await page.close();
    },

    async 'credential-token'() {
        const { page } = state;
        await page.goto(`${BASE}/connections/${state.connectionId}/credentials`);
        const name = `Agent ${Date.now() % 100000}`;
        await page.locator('#credential-name').fill(name);
        await page.locator('#credential-tag').fill('team-blue');
        await page.getByRole('button', { name: 'Create credential' }).click();
        const row = page.locator('tr', { hasText: name });
        await row.waitFor();
        const stored = (await rest('GET', `/v2/telephony_credentials?filter[name]=${encodeURIComponent(name)}`)).json.data;
        check(stored.length === 1 && stored[0].tag === 'team-blue', `the credential is stored with its tag: ${JSON.stringify(stored)}`);
        state.credential = { id: stored[0].id, user: stored[0].sip_username };
        await screenshot(page, 'credentials');
        await row.getByRole('button', { name: 'Create token' }).click();
        const token = (await page.locator('#token').innerText()).trim();
        check(token.split('.').length === 3, `a JWT is shown: ${token.slice(0, 40)}…`);
        const expiry = (await page.locator('#token-expiry').innerText()).trim();
        check(expiry.length > 0, 'its expiry is shown');
        check(await page.getByRole('button', { name: 'Copy' }).count() > 0, 'with a copy button');
        state.token = token;
        await screenshot(page, 'token');
    },

    async 'api-key'() {
        const { page } = state;
        await page.getByRole('link', { name: 'API keys' }).click();
        await page.locator('#description').fill('dialler backend');
        await page.getByRole('button', { name: 'Create API key' }).click();
        const key = (await page.locator('#new-key').innerText()).trim();
        check((await rest('GET', '/v2/telephony_credentials', { key })).status === 200, 'the new key works');
        await page.goto(`${BASE}/api-keys`);
        check(!(await page.content()).includes(key), 'the key is not shown again');
        await screenshot(page, 'api-keys');
        await page.locator('tr', { hasText: 'dialler backend' }).getByRole('button', { name: 'Revoke' }).click();
        await page.getByText('API key revoked.').waitFor();
        check((await rest('GET', '/v2/telephony_credentials', { key })).status === 401, 'the revoked key is refused');
    },

    async 'test-call'(context) {
        const caller = await newPage(context, 'caller');
        const callee = await newPage(context, 'callee');
        await caller.goto(`${BASE}/test-call`);
        await callee.goto(`${BASE}/test-call`);
        await caller.locator('#auth-credential').check();
        await caller.locator('#username').fill(state.user);
        await caller.locator('#password').fill(state.password);
        await callee.locator('#auth-token').check();
        await callee.locator('#login-token').fill(state.token);
        await caller.locator('#connect').click();
        await callee.locator('#connect').click();
        for (const page of [caller, callee]) {
            await page.locator('#connection-state', { hasText: /^registered$/ }).waitFor();
        }
        await caller.locator('#destination').fill(state.credential.user);
        await caller.locator('#call').click();
        await callee.locator('#answer').waitFor({ state: 'visible' });
        await callee.locator('#answer').click();
        for (const page of [caller, callee]) {
            await page.locator('#call-state', { hasText: /^active$/ }).waitFor();
        }
        log('both test-call pages are active');
        await sleep(1500);
        const level = await caller.locator('#mic-level').evaluate((meter) => meter.value);
        check(level > 0, `the microphone level meter moves (${level})`);
        await screenshot(caller, 'test-call');
        await caller.locator('#hangup').click();
        for (const page of [caller, callee]) {
            await page.locator('#call-state', { hasText: /^hangup$/ }).waitFor();
        }
        const cause = (await callee.locator('#hangup-cause').innerText()).trim();
        check(cause === 'NORMAL_CLEARING', `the callee sees the cause of the hangup: '${cause}'`);
    },
};

async function main() {
    const context = await launch();
    let failed = 0;
    let skipping = false;
    try {
        for (const [name, run] of Object.entries(scenarios)) {
            if (skipping) {
                console.log(`SKIP  ${name}`);
                failed += 1;
                continue;
            }
            const t0 = Date.now();
            try {
                await run(context);
                console.log(`PASS  ${name.padEnd(20)} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
            } catch (error) {
                failed += 1;
                skipping = true;
                console.log(`FAIL  ${name.padEnd(20)} ${((Date.now() - t0) / 1000).toFixed(1)}s: ${error.message}`);
                if (!(error instanceof Failure)) {
                    console.log(error.stack.split('\n').slice(1, 4).join('\n'));
                }
                for (const page of pages) {
                    if (!page.isClosed()) {
                        console.log(`      page ${page.url()}`);
                        await screenshot(page, `failure-${name}-${pages.indexOf(page)}`, WORK).catch(() => {});
                    }
                    page.diagnostics.slice(-40).forEach((line) => console.log(`      | ${line}`));
                }
                if (state.phone) {
                    console.log(`      baresip log: ${state.phone.logFile}`);
                }
            }
        }
    } finally {
        await state.phone?.stop?.().catch(() => {});
        await context.close();
    }
    console.log(`${Object.keys(scenarios).length - failed} passed, ${failed} failed`);
    process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
