// Webhooks from telcred verified by the official `telnyx` npm SDK: a SIP REGISTER of a credential
// makes a credential.registered webhook, which a small receiver on 127.0.0.1 passes to
// `client.webhooks.unwrap(body, {headers, key})` with the key telcred publishes; the same body
// altered by one character must not pass. Needs TELCRED_BASE_URL, TELCRED_API_KEY and
// TELCRED_SIP_UDP_PORT (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import http from 'node:http';
import Telnyx from 'telnyx';

const baseOrigin = requiredEnv('TELCRED_BASE_URL').replace(/\/+$/, '').replace(/\/v2$/, '');
const client = new Telnyx({ apiKey: requiredEnv('TELCRED_API_KEY'), baseURL: `${baseOrigin}/v2`, timeout: 15_000 });
const sipPort = Number(requiredEnv('TELCRED_SIP_UDP_PORT'));
const WAIT_MS = 10_000;

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (run it/telnyx-sdk/run.sh)`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// a backend that receives webhooks and keeps each raw body with its headers

const received = [];
const waiters = [];
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
    res.writeHead(200).end();
    waiters.splice(0).forEach((wake) => wake());
  });
});

async function webhook(eventType) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = received.find((r) => JSON.parse(r.body).data.event_type === eventType);
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0) assert.fail(`no ${eventType} webhook within ${WAIT_MS} ms`);
    await new Promise((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, left);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// a phone: REGISTER over UDP, answering the digest challenge (RFC 8760 / RFC 2617, qop=auth)

function sipRequest(socket, text) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no SIP answer')), 5_000);
    const onMessage = (message) => {
      const answer = message.toString('utf8');
      if (/^SIP\/2\.0 1\d\d/.test(answer)) return; // provisional
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(answer);
    };
    socket.on('message', onMessage);
    socket.send(text, sipPort, '127.0.0.1');
  });
}

function register(socket, user, realmHint, callId, cseq, authorization) {
  const local = socket.address();
  return [
    `REGISTER sip:${realmHint} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${local.port};rport;branch=z9hG4bK${crypto.randomBytes(8).toString('hex')}`,
    'Max-Forwards: 70',
    `From: <sip:${user}@${realmHint}>;tag=${crypto.randomBytes(4).toString('hex')}`,
    `To: <sip:${user}@${realmHint}>`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:${user}@127.0.0.1:${local.port}>`,
    'Expires: 600',
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    'User-Agent: telnyx-sdk-it',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function challengeParams(answer) {
  const challenges = answer.split('\r\n').filter((line) => /^WWW-Authenticate:/i.test(line));
  const md5 = challenges.find((line) => /algorithm=MD5\b/i.test(line)) ?? challenges[0];
  const params = {};
  for (const [, name, quoted, bare] of md5.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) {
    params[name] = quoted ?? bare;
  }
  return params;
}

async function registerOverSip(user, password) {
  const socket = dgram.createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    const domain = 'sip.telcred.local';
    const callId = crypto.randomUUID();
    const challenge = await sipRequest(socket, register(socket, user, domain, callId, 1));
    assert.match(challenge, /^SIP\/2\.0 401/);
    const p = challengeParams(challenge);
    const algorithm = (p.algorithm ?? 'MD5').toUpperCase() === 'SHA-256' ? 'sha256' : 'md5';
    const hash = (text) => crypto.createHash(algorithm).update(text).digest('hex');
    const uri = `sip:${domain}`;
    const cnonce = crypto.randomBytes(8).toString('hex');
    const nc = '00000001';
    const ha1 = hash(`${user}:${p.realm}:${password}`);
    const ha2 = hash(`REGISTER:${uri}`);
    const response = hash(`${ha1}:${p.nonce}:${nc}:${cnonce}:auth:${ha2}`);
    const authorization = `Digest username="${user}", realm="${p.realm}", nonce="${p.nonce}", uri="${uri}", `
      + `response="${response}", algorithm=${p.algorithm ?? 'MD5'}, qop=auth, nc=${nc}, cnonce="${cnonce}"`
      + (p.opaque ? `, opaque="${p.opaque}"` : '');
    const ok = await sipRequest(socket, register(socket, user, domain, callId, 2, authorization));
    assert.match(ok, /^SIP\/2\.0 200/, ok);
  } finally {
    socket.close();
  }
}

// ---------------------------------------------------------------------------------------------

let publicKey;
let credential;

before(async () => {
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const keyResponse = await fetch(`${baseOrigin}/.well-known/telcred/webhook-signing-key`);
  assert.equal(keyResponse.status, 200);
  const published = await keyResponse.json();
  assert.equal(published.algorithm, 'Ed25519');
  publicKey = published.public_key;
  const run = crypto.randomBytes(4).toString('hex');
  const { data: connection } = await client.credentialConnections.create({
    user_name: `hooks${run}`,
    password: `pw-${crypto.randomBytes(12).toString('hex')}`,
    connection_name: `webhooks ${run}`,
    webhook_event_url: `http://127.0.0.1:${receiver.address().port}/telnyx-webhooks`,
  });
  ({ data: credential } = await client.telephonyCredentials.create({ connection_id: connection.id }));
  await registerOverSip(credential.sip_username, credential.sip_password);
});

after(() => receiver.close());

test('a credential.registered webhook passes telnyx.webhooks.unwrap with the published key', async () => {
  const { body, headers } = await webhook('credential.registered');
  assert.match(headers['telnyx-timestamp'], /^\d+$/);
  const event = await client.webhooks.unwrap(body, { headers, key: publicKey });
  assert.equal(event.data.record_type, 'event');
  assert.equal(event.data.event_type, 'credential.registered');
  assert.equal(event.data.payload.credential_id, credential.id);
  assert.equal(event.data.payload.sip_username, credential.sip_username);
  assert.equal(event.data.payload.transport, 'UDP');
  assert.equal(event.meta.attempt, 1);
});

test('the same webhook with its body altered does not pass', async () => {
  const { body, headers } = await webhook('credential.registered');
  const altered = body.replace('"transport":"UDP"', '"transport":"TCP"');
  assert.notEqual(altered, body);
  await assert.rejects(client.webhooks.unwrap(altered, { headers, key: publicKey }), /signature|verif/i);
});

test('a webhook signed for another key does not pass', async () => {
  const { body, headers } = await webhook('credential.registered');
  const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  await assert.rejects(client.webhooks.unwrap(body, { headers, key: other.toString('base64') }), /signature|verif/i);
});

test('the delivery log lists the webhook as delivered, through the SDK', async () => {
  const { body } = await webhook('credential.registered');
  const id = JSON.parse(body).data.id;
  const deadline = Date.now() + WAIT_MS;
  let delivery;
  while (Date.now() < deadline) {
    for await (const item of client.webhookDeliveries.list({ filter: { event_type: 'credential.registered' } })) {
      if (item.id === id) delivery = item;
    }
    if (delivery?.status === 'delivered') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(delivery?.status, 'delivered');
  assert.equal(delivery.record_type, 'webhook_delivery');
  assert.equal(delivery.webhook.id, id);
  assert.equal(delivery.attempts[0].http.response.status, 200);
});
