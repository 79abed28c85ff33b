// A call-centre backend written with the official `telnyx` npm SDK, pointed at telcred: the
// README's example, and the backend of the call-centre scenarios of rtc.test.mjs.
//
// A customer calls `support` from a login of the application (a credential connection whose
// webhook_event_url points here); telcred parks the call and sends call.initiated. The backend
// verifies every webhook with telcred's published Ed25519 key, asks which agents are logged in
// (GET /v2/registrations: SIP phones and WebRTC sessions alike), and dials the first one with the
// parked call as `link_to` and `bridge_on_answer`: the agent's answer bridges the two.
//
//   TELNYX_API_KEY=KEY TELCRED_URL=http://127.0.0.1:8080 AGENTS_CONNECTION_ID=... \
//   SIP_DOMAIN=sip.telcred.local PORT=8000 node call-centre.mjs
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import Telnyx from 'telnyx';

/**
 * Starts the backend's webhook receiver on 127.0.0.1:port (0: any free port). onWebhook(event, raw)
 * sees every verified webhook ({body, headers} of the request as received); onRefused(raw, error)
 * every request whose signature did not verify (answered 400, ignored). dialsAgents false leaves
 * parked calls to the caller of startCallCentre. Returns {url, telnyx, close}.
 */
export async function startCallCentre({ telcredUrl, apiKey, agentsConnectionId, sipDomain, port = 0,
    dialsAgents = true, onWebhook = () => {}, onRefused = () => {}, onError = (e) => console.error(e) }) {
    const telnyx = new Telnyx({ apiKey, baseURL: `${telcredUrl}/v2`, timeout: 10_000 });
    // The installation's webhook key, published unauthenticated; a backend may also pin it.
    const { public_key: key } = await (await fetch(`${telcredUrl}/.well-known/telcred/webhook-signing-key`)).json();

    async function onCallInitiated(call) {
        const { data: agents } = await telnyx.get('/registrations',
            { query: { 'filter[connection_id]': agentsConnectionId } });
        if (agents.length === 0) {
            await telnyx.calls.actions.reject(call.call_control_id, { cause: 'USER_BUSY' });
            return;
        }
        // The first logged-in agent; a real backend keeps who is busy and picks the longest idle.
        await telnyx.calls.dial({
            connection_id: call.connection_id, // the application the caller belongs to
            to: `sip:${agents[0].sip_username}@${sipDomain}`,
            from: call.from,
            link_to: call.call_control_id,
            bridge_on_answer: true,
            timeout_secs: 20,
            client_state: Buffer.from(`agent:${agents[0].sip_username}`).toString('base64'),
        });
    }

    const server = http.createServer((request, response) => {
        const chunks = [];
        request.on('data', (chunk) => chunks.push(chunk));
        request.on('end', async () => {
            const raw = { body: Buffer.concat(chunks).toString('utf8'), headers: request.headers };
            let event;
            try {
                // The signature covers `telnyx-timestamp|raw body`: verify the body exactly as received.
                event = await telnyx.webhooks.unwrap(raw.body, { headers: raw.headers, key });
            } catch (error) {
                response.writeHead(400).end();
                onRefused(raw, error);
                return;
            }
            response.writeHead(200).end();
            onWebhook(event, raw);
            const { event_type: type, payload } = event.data;
            if (dialsAgents && type === 'call.initiated' && payload.direction === 'incoming' && payload.state === 'parked') {
                onCallInitiated(payload).catch(onError);
            }
        });
    });
    await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
    return {
        url: `http://127.0.0.1:${server.address().port}/webhooks`,
        telnyx,
        close: () => new Promise((resolve) => server.close(resolve)),
    };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const env = (name) => process.env[name] ?? (() => { throw new Error(`${name} must be set`); })();
    const centre = await startCallCentre({
        telcredUrl: env('TELCRED_URL'), apiKey: env('TELNYX_API_KEY'),
        agentsConnectionId: env('AGENTS_CONNECTION_ID'), sipDomain: env('SIP_DOMAIN'), port: Number(env('PORT')),
        onWebhook: (event) => console.log(event.data.event_type, event.data.payload.call_control_id ?? ''),
        onRefused: (_, error) => console.log(`refused a webhook: ${error.message}`),
    });
    console.log(`webhooks to ${centre.url}`);
}
