#!/usr/bin/env node
// The REST calls the WebRTC end-to-end test needs (Node 20, no dependencies): a module for
// ../browser/rtc.test.mjs, and a command line for ../run.sh.
//
//   RTC_IT_BASE_URL=http://127.0.0.1:PORT RTC_IT_API_KEY=KEY... node api.mjs connection NAME USER_NAME PASSWORD
//                                           create a credential connection, print its id
//
// A failed call throws an Error naming the request and what the API answered.
import { fileURLToPath } from 'node:url';

const BASE = process.env.RTC_IT_BASE_URL;
const KEY = process.env.RTC_IT_API_KEY;

async function call(method, path, body, { text = false } = {}) {
    if (!BASE || !KEY) {
        throw new Error('RTC_IT_BASE_URL and RTC_IT_API_KEY must be set');
    }
    const response = await fetch(BASE + path, {
        method,
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10000),
    });
    const answer = await response.text();
    if (!response.ok) {
        throw new Error(`${method} ${path} answered ${response.status}: ${answer}`);
    }
    return text ? answer : JSON.parse(answer);
}

/** A credential connection; returns its id. */
export async function createConnection(name, userName, password) {
    const { data } = await call('POST', '/v2/credential_connections',
        { connection_name: name, user_name: userName, password });
    return data.id;
}

/** A fresh on-demand credential of the connection: { id, user, password }. */
export async function createCredential(connectionId) {
    const { data } = await call('POST', '/v2/telephony_credentials', { connection_id: connectionId });
    return { id: data.id, user: data.sip_username, password: data.sip_password };
}

/** A login token (JWT) of the credential: POST .../token answers it as plain text. */
export async function mintToken(credentialId) {
    const jwt = (await call('POST', `/v2/telephony_credentials/${credentialId}/token`, undefined, { text: true })).trim();
    if (jwt.split('.').length !== 3) {
        throw new Error(`POST /v2/telephony_credentials/${credentialId}/token answered no JWT: ${jwt.slice(0, 200)}`);
    }
    return jwt;
}

/** Deactivates the credential; returns its status afterwards. */
export async function deactivate(credentialId) {
    const { data } = await call('POST', `/v2/telephony_credentials/${credentialId}/actions/deactivate`);
    return data.status;
}

/** The live registrations of a SIP user name (SIP bindings and WebRTC sessions). */
export async function registrations(user) {
    const query = new URLSearchParams({ 'filter[sip_username]': user, 'page[size]': '250' });
    return (await call('GET', `/v2/registrations?${query}`)).data;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls the user's registrations every 100 ms until test(list) holds; returns the list. Throws
 * after timeoutSeconds with what GET /v2/registrations listed last.
 */
export async function waitForRegistrations(user, timeoutSeconds, test, expectation) {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
        const list = await registrations(user);
        if (test(list)) {
            return list;
        }
        if (Date.now() >= deadline) {
            throw new Error(`expected ${expectation} within ${timeoutSeconds}s; `
                + `GET /v2/registrations?filter[sip_username]=${user} lists ${JSON.stringify(list)}`);
        }
        await sleep(100);
    }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const [command, ...args] = process.argv.slice(2);
    try {
        if (command === 'connection') {
            console.log(await createConnection(...args));
        } else {
            console.error(`api.mjs: unknown command ${command}`);
            process.exit(2);
        }
    } catch (e) {
        console.error(`api.mjs ${command}: ${e.message}`);
        process.exit(1);
    }
}
