#!/usr/bin/env node
// The few REST calls the SIP end-to-end runner needs, as a command line (Node 20, no dependencies).
//
//   SIP_IT_BASE_URL=http://127.0.0.1:PORT SIP_IT_API_KEY=KEY... node api.mjs <command> ...
//
//   connection NAME USER_NAME PASSWORD      create a credential connection, print its id
//   credential CONNECTION_ID                create an on-demand credential, print "sip_username sip_password"
//   registrations SIP_USERNAME              print the user's live registrations (JSON array)
//   wait-registered SIP_USERNAME TRANSPORT [USER_AGENT_SUBSTRING] [TIMEOUT_S]
//                                           wait until a registration with that transport (and user
//                                           agent) is listed; print it; exit 1 on timeout
//   wait-unregistered SIP_USERNAME [TIMEOUT_S]
//                                           wait until the user has no registration; exit 1 on timeout
//
// Failures print one line naming what was expected and what the API answered, for the runner's log.
const BASE = process.env.SIP_IT_BASE_URL;
const KEY = process.env.SIP_IT_API_KEY;
if (!BASE || !KEY) {
    console.error('api.mjs: SIP_IT_BASE_URL and SIP_IT_API_KEY must be set');
    process.exit(2);
}

async function call(method, path, body) {
    const response = await fetch(BASE + path, {
        method,
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10000),
    });
    const text = await response.text();
    if (!response.ok) {
        throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return JSON.parse(text);
}

async function registrations(user) {
    const query = new URLSearchParams({ 'filter[sip_username]': user, 'page[size]': '250' });
    return (await call('GET', `/v2/registrations?${query}`)).data;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls every 100 ms until test(list) is true or the timeout passes; returns [ok, last list]. */
async function poll(user, timeoutSeconds, test) {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
        const list = await registrations(user);
        if (test(list)) {
            return [true, list];
        }
        if (Date.now() >= deadline) {
            return [false, list];
        }
        await sleep(100);
    }
}

const [command, ...args] = process.argv.slice(2);
try {
    switch (command) {
        case 'connection': {
            const [name, userName, password] = args;
            const { data } = await call('POST', '/v2/credential_connections',
                { connection_name: name, user_name: userName, password });
            console.log(data.id);
            break;
        }
        case 'credential': {
            const { data } = await call('POST', '/v2/telephony_credentials', { connection_id: args[0] });
            console.log(`${data.sip_username} ${data.sip_password}`);
            break;
        }
        case 'registrations':
            console.log(JSON.stringify(await registrations(args[0])));
            break;
        case 'wait-registered': {
            const [user, transport, userAgent = '', timeout = '10'] = args;
            const matches = (r) => r.transport === transport && (r.user_agent ?? '').includes(userAgent);
            const [ok, list] = await poll(user, Number(timeout), (l) => l.some(matches));
            if (!ok) {
                console.error(`expected a ${transport} registration of ${user}`
                    + (userAgent ? ` with user agent containing "${userAgent}"` : '')
                    + ` within ${timeout}s; GET /v2/registrations lists ${JSON.stringify(list)}`);
                process.exit(1);
            }
            console.log(JSON.stringify(list.find(matches)));
            break;
        }
        case 'wait-unregistered': {
            const [user, timeout = '10'] = args;
            const [ok, list] = await poll(user, Number(timeout), (l) => l.length === 0);
            if (!ok) {
                console.error(`expected no registration of ${user} within ${timeout}s; `
                    + `GET /v2/registrations lists ${JSON.stringify(list)}`);
                process.exit(1);
            }
            break;
        }
        default:
            console.error(`api.mjs: unknown command ${command}`);
            process.exit(2);
    }
} catch (e) {
    console.error(`api.mjs ${command}: ${e.message}`);
    process.exit(1);
}
