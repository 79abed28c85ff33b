// End-to-end test of telcred's /v2 REST API with the official `telnyx` npm SDK, unchanged but for
// its base URL. Needs a running telcred: TELCRED_BASE_URL is its origin (http://127.0.0.1:18080;
// a trailing /v2 is accepted too) and TELCRED_API_KEY an API key of its default account.
// run.sh starts a fresh server and runs this file against it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import Telnyx, {
  AuthenticationError,
  NotFoundError,
  UnprocessableEntityError,
} from 'telnyx';
import { DefaultFlatPagination } from 'telnyx/pagination';

const baseOrigin = requiredEnv('TELCRED_BASE_URL').replace(/\/+$/, '').replace(/\/v2$/, '');
const apiKey = requiredEnv('TELCRED_API_KEY');
// The SDK's resource paths are relative to the API root (`/telephony_credentials`), so its
// baseURL must carry the /v2 prefix, just as its default https://api.telnyx.com/v2 does.
const client = new Telnyx({ apiKey, baseURL: `${baseOrigin}/v2`, timeout: 15_000 });

const RUN = crypto.randomBytes(4).toString('hex');
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const SIP_USERNAME = /^gencred[A-Za-z0-9]{22}$/;
const SIP_PASSWORD = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN_LIFETIME_SECONDS = 86_400;

// ---------------------------------------------------------------------------------------------
// helpers

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (run it/telnyx-sdk/run.sh)`);
  return value;
}

let counter = 0;
/** A label unique to this run, usable as a SIP user name (alphanumerics, starts with letters). */
function unique(prefix) {
  counter += 1;
  return `${prefix}${RUN}n${counter}`;
}

async function createConnection(overrides = {}) {
  const { data } = await client.credentialConnections.create({
    user_name: unique('sdkuser'),
    password: `pw-${crypto.randomBytes(12).toString('hex')}`,
    connection_name: unique('sdk connection '),
    ...overrides,
  });
  return data;
}

async function createCredential(connection, fields = {}) {
  const { data } = await client.telephonyCredentials.create({ connection_id: connection.id, ...fields });
  return data;
}

/** Every item the SDK's auto-pagination yields; fails instead of looping forever. */
async function collect(pagePromise, limit = 10_000) {
  const items = [];
  for await (const item of pagePromise) {
    items.push(item);
    assert.ok(items.length <= limit, `auto-pagination yielded more than ${limit} items: does it end?`);
  }
  return items;
}

/** Awaits `promise`, expects it to reject with `ErrorClass`, and returns the error. */
async function rejection(promise, ErrorClass) {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ErrorClass, `expected ${ErrorClass.name}, got ${err?.constructor?.name}: ${err?.message}`);
    return err;
  }
  assert.fail(`expected ${ErrorClass.name}, but the call succeeded`);
}

/** The first error object of a Telnyx error body, checked for the documented shape. */
function firstError(err) {
  const errors = err.error?.errors;
  assert.ok(Array.isArray(errors) && errors.length > 0, `error body has errors[]: ${JSON.stringify(err.error)}`);
  const [first] = errors;
  assert.equal(typeof first.code, 'string', 'errors[0].code is a string');
  assert.equal(typeof first.title, 'string', 'errors[0].title is a string');
  return first;
}

function base64UrlJson(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

async function fetchJwks() {
  const response = await fetch(`${baseOrigin}/.well-known/jwks.json`);
  assert.equal(response.status, 200, 'GET /.well-known/jwks.json');
  const jwks = await response.json();
  assert.ok(Array.isArray(jwks.keys), 'JWK set has keys[]');
  return jwks;
}

/** Verifies an ES256 JWT's signature against the server's published JWK set. */
async function verifyEs256(jwt) {
  const [headerPart, payloadPart, signaturePart] = jwt.split('.');
  const { kid } = base64UrlJson(headerPart);
  const jwk = (await fetchJwks()).keys.find((k) => k.kid === kid);
  assert.ok(jwk, `JWKS has a key with kid ${kid}`);
  assert.equal(jwk.kty, 'EC');
  assert.equal(jwk.crv, 'P-256');
  assert.equal(jwk.d, undefined, 'JWKS never publishes the private part');
  const publicKey = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  return crypto.verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signaturePart, 'base64url'),
  );
}

/** The SDK has no method for these routes; its generic request methods still add auth and map errors. */
function credentialAction(id, action) {
  return client.post(`/telephony_credentials/${id}/actions/${action}`);
}

function listTags(query) {
  return client.getAPIList('/telephony_credentials/tags', DefaultFlatPagination, { query });
}

function assertCredentialShape(credential, connection) {
  assert.match(credential.id, UUID);
  assert.equal(credential.record_type, 'credential');
  assert.equal(credential.resource_id, `connection:${connection.id}`);
  assert.match(credential.sip_username, SIP_USERNAME);
  assert.match(credential.sip_password, SIP_PASSWORD);
  assert.equal(credential.expired, false);
  assert.equal(credential.expires_at ?? null, null);
  assert.match(credential.created_at, ISO_8601);
  assert.match(credential.updated_at, ISO_8601);
  assert.equal(typeof credential.user_id, 'string');
}

// ---------------------------------------------------------------------------------------------
// tests

describe('telcred through the telnyx SDK', () => {
  let connection;

  before(async () => {
    connection = await createConnection();
  });

  after(async () => {
    if (connection) await client.credentialConnections.delete(connection.id).catch(() => {});
  });

  describe('credential connections', () => {
    test('create returns the connection with a numeric string id and the documented defaults', async () => {
      const userName = unique('sdkcreate');
      const { data, response } = await client.credentialConnections
        .create({ user_name: userName, password: 'secret-password-1', connection_name: `create ${RUN}` })
        .withResponse();
      try {
        assert.equal(response.status, 201);
        assert.equal(data.data.record_type, 'credential_connection');
        assert.match(data.data.id, /^\d+$/);
        assert.equal(data.data.user_name, userName);
        assert.equal(data.data.password, 'secret-password-1');
        assert.equal(data.data.connection_name, `create ${RUN}`);
        assert.equal(data.data.active, true);
        assert.equal(data.data.anchorsite_override, 'Latency');
        assert.match(data.data.created_at, ISO_8601);
      } finally {
        await client.credentialConnections.delete(data.data.id);
      }
    });

    test('retrieve returns the created connection', async () => {
      const { data } = await client.credentialConnections.retrieve(connection.id);
      assert.equal(data.id, connection.id);
      assert.equal(data.user_name, connection.user_name);
      assert.equal(data.connection_name, connection.connection_name);
    });

    test('update changes the given fields and keeps the others', async () => {
      const temp = await createConnection();
      try {
        const newName = `renamed ${RUN}`;
        const { data: updated } = await client.credentialConnections.update(temp.id, {
          connection_name: newName,
          dtmf_type: 'Inband',
        });
        assert.equal(updated.connection_name, newName);
        assert.equal(updated.dtmf_type, 'Inband');
        assert.equal(updated.user_name, temp.user_name);

        const { data: again } = await client.credentialConnections.retrieve(temp.id);
        assert.equal(again.connection_name, newName);
        assert.equal(again.dtmf_type, 'Inband');
      } finally {
        await client.credentialConnections.delete(temp.id);
      }
    });

    test('list filters by connection_name contains, case-insensitively, and paginates', async () => {
      const marker = `listmark${RUN}`;
      const made = [];
      try {
        for (let i = 0; i < 3; i += 1) made.push(await createConnection({ connection_name: `${marker} ${i}` }));
        const seen = await collect(
          client.credentialConnections.list({
            'page[size]': 2,
            filter: { connection_name: { contains: marker.toUpperCase() } },
          }),
        );
        assert.deepEqual(seen.map((c) => c.id).sort(), made.map((c) => c.id).sort());

        const byName = await collect(
          client.credentialConnections.list({ sort: 'connection_name', filter: { connection_name: { contains: marker } } }),
        );
        assert.deepEqual(byName.map((c) => c.connection_name), made.map((c) => c.connection_name));
      } finally {
        for (const c of made) await client.credentialConnections.delete(c.id);
      }
    });

    test('delete returns the deleted connection, removes its credentials, and retrieve then gives 404', async () => {
      const temp = await createConnection();
      const credential = await createCredential(temp);

      const { data: deleted } = await client.credentialConnections.delete(temp.id);
      assert.equal(deleted.id, temp.id);

      const err = await rejection(client.credentialConnections.retrieve(temp.id), NotFoundError);
      assert.equal(err.status, 404);
      await rejection(client.telephonyCredentials.retrieve(credential.id), NotFoundError);
    });

    test('checkRegistrationStatus reports the connection user name as not registered', async () => {
      const { data } = await client.credentialConnections.actions.checkRegistrationStatus(connection.id);
      assert.equal(data.record_type, 'registration_status');
      assert.equal(data.sip_username, connection.user_name);
      assert.ok(
        ['Not Applicable', 'Not Registered', 'Failed', 'Expired', 'Registered', 'Unregistered'].includes(data.status),
        `status ${data.status} is one of the documented values`,
      );
    });

    test('creating a connection with an invalid enum value is a 422 pointing at the field', async () => {
      const err = await rejection(
        client.credentialConnections.create({
          user_name: unique('sdkbad'),
          password: 'secret-password-1',
          connection_name: 'bad dtmf',
          dtmf_type: 'Smoke signals',
        }),
        UnprocessableEntityError,
      );
      assert.equal(firstError(err).source?.pointer, '/dtmf_type');
    });
  });

  describe('telephony credentials', () => {
    test('create returns 201 and a credential with generated SIP username and password', async () => {
      const name = unique('agent ');
      const { data, response } = await client.telephonyCredentials
        .create({ connection_id: connection.id, name, tag: `create-${RUN}` })
        .withResponse();
      assert.equal(response.status, 201);
      assertCredentialShape(data.data, connection);
      assert.equal(data.data.name, name);
    });

    test('create without a name still gives the credential a name', async () => {
      const credential = await createCredential(connection);
      assert.equal(typeof credential.name, 'string');
      assert.ok(credential.name.length > 0);
    });

    test('retrieve returns the same credential', async () => {
      const created = await createCredential(connection, { name: unique('retrieve '), tag: `retrieve-${RUN}` });
      const { data } = await client.telephonyCredentials.retrieve(created.id);
      assert.deepEqual(data, created);
    });

    test('list auto-paginates with page[size]=2, yielding each credential once, and ends', async () => {
      const tag = `page-${RUN}`;
      const created = [];
      for (let i = 0; i < 5; i += 1) created.push(await createCredential(connection, { name: `page ${i}`, tag }));

      const first = await client.telephonyCredentials.list({ 'page[size]': 2, filter: { tag } });
      assert.equal(first.data.length, 2);
      assert.equal(first.meta.page_number, 1);
      assert.equal(first.meta.total_pages, 3);
      let pages = 0;
      for await (const page of first.iterPages()) {
        pages += 1;
        assert.ok(page.data.length <= 2);
      }
      assert.equal(pages, 3);

      const all = await collect(client.telephonyCredentials.list({ 'page[size]': 2 }));
      const ids = all.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, 'no credential is yielded twice');
      for (const c of created) assert.equal(ids.filter((id) => id === c.id).length, 1, `${c.id} seen exactly once`);
    });

    test('list filtered by tag returns exactly the credentials with that tag', async () => {
      const tag = `filter-${RUN}`;
      const tagged = [await createCredential(connection, { tag }), await createCredential(connection, { tag })];
      await createCredential(connection, { tag: `other-${RUN}` });

      const seen = await collect(client.telephonyCredentials.list({ filter: { tag } }));
      assert.deepEqual(seen.map((c) => c.id).sort(), tagged.map((c) => c.id).sort());
      for (const c of seen) assert.equal(c.tag, tag);
    });

    test('list filtered by resource_id and by sip_username finds the credential', async () => {
      const credential = await createCredential(connection, { tag: `resource-${RUN}` });
      const byResource = await collect(
        client.telephonyCredentials.list({ filter: { resource_id: `connection:${connection.id}` } }),
      );
      assert.ok(byResource.some((c) => c.id === credential.id));
      for (const c of byResource) assert.equal(c.resource_id, `connection:${connection.id}`);

      const byUsername = await collect(
        client.telephonyCredentials.list({ filter: { sip_username: credential.sip_username } }),
      );
      assert.deepEqual(byUsername.map((c) => c.id), [credential.id]);
    });

    test('an empty list ends after one page', async () => {
      const page = await client.telephonyCredentials.list({ filter: { tag: `nothing-${RUN}` } });
      assert.deepEqual(page.data, []);
      assert.equal(page.hasNextPage(), false);
      assert.deepEqual(await collect(client.telephonyCredentials.list({ filter: { tag: `nothing-${RUN}` } })), []);
    });

    test('update changes name and tag, and retrieve sees the change', async () => {
      const created = await createCredential(connection, { name: 'before', tag: `before-${RUN}` });
      const { data: updated } = await client.telephonyCredentials.update(created.id, {
        name: 'after',
        tag: `after-${RUN}`,
      });
      assert.equal(updated.id, created.id);
      assert.equal(updated.name, 'after');
      assert.equal(updated.tag, `after-${RUN}`);
      assert.equal(updated.sip_username, created.sip_username);
      assert.ok(Date.parse(updated.updated_at) >= Date.parse(created.updated_at));

      const { data: again } = await client.telephonyCredentials.retrieve(created.id);
      assert.equal(again.name, 'after');
      assert.equal(again.tag, `after-${RUN}`);
    });

    test('delete returns the deleted credential, and retrieve then gives NotFoundError', async () => {
      const created = await createCredential(connection, { tag: `delete-${RUN}` });
      const { data: deleted } = await client.telephonyCredentials.delete(created.id);
      assert.equal(deleted.id, created.id);

      const err = await rejection(client.telephonyCredentials.retrieve(created.id), NotFoundError);
      assert.equal(err.status, 404);
      assert.equal(firstError(err).code, '10005');
    });
  });

  describe('tokens', () => {
    test('createToken returns a bare ES256 JWT for the credential that lives 24 hours', async () => {
      const credential = await createCredential(connection, { tag: `token-${RUN}` });
      const { data: jwt, response } = await client.telephonyCredentials.createToken(credential.id).withResponse();
      assert.equal(response.status, 201);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal(typeof jwt, 'string');

      const parts = jwt.split('.');
      assert.equal(parts.length, 3, 'a JWT has three parts');
      const header = base64UrlJson(parts[0]);
      assert.equal(header.alg, 'ES256');
      assert.equal(typeof header.kid, 'string');
      assert.ok(header.kid.length > 0);

      const payload = base64UrlJson(parts[1]);
      const now = Math.floor(Date.now() / 1000);
      assert.equal(payload.sub, credential.id);
      assert.ok(Math.abs(payload.exp - payload.iat - TOKEN_LIFETIME_SECONDS) <= 5, `exp - iat = ${payload.exp - payload.iat}`);
      assert.ok(Math.abs(payload.iat - now) <= 60, 'iat is now');

      assert.equal(await verifyEs256(jwt), true, 'signature verifies against /.well-known/jwks.json');
    });

    test('the token carries the documented claims', async () => {
      const credential = await createCredential(connection, { tag: `claims-${RUN}` });
      const payload = base64UrlJson((await client.telephonyCredentials.createToken(credential.id)).split('.')[1]);
      assert.equal(payload.iss, 'telnyx_telephony');
      assert.equal(payload.aud, 'telnyx_telephony');
      assert.equal(payload.typ, 'access');
      assert.match(payload.jti, UUID);
      assert.ok(payload.nbf <= payload.iat + 1, 'nbf is not after iat');
    });

    test('the token payload decodes with atob, as the Telnyx WebRTC SDK reads exp', async () => {
      const credential = await createCredential(connection, { tag: `atob-${RUN}` });
      for (let i = 0; i < 10; i += 1) {
        const payloadPart = (await client.telephonyCredentials.createToken(credential.id)).split('.')[1];
        const payload = JSON.parse(atob(payloadPart));
        assert.equal(payload.sub, credential.id);
        assert.equal(typeof payload.exp, 'number');
      }
    });

    test('a token with a changed payload does not verify', async () => {
      const credential = await createCredential(connection, { tag: `forged-${RUN}` });
      const jwt = await client.telephonyCredentials.createToken(credential.id);
      const [header, payload, signature] = jwt.split('.');
      const forged = { ...base64UrlJson(payload), sub: crypto.randomUUID() };
      const forgedJwt = [header, Buffer.from(JSON.stringify(forged)).toString('base64url'), signature].join('.');
      assert.equal(await verifyEs256(forgedJwt), false);
    });

    test('every createToken call mints a different token', async () => {
      const credential = await createCredential(connection, { tag: `tokens-${RUN}` });
      const a = await client.telephonyCredentials.createToken(credential.id);
      const b = await client.telephonyCredentials.createToken(credential.id);
      assert.notEqual(a, b);
    });

    test('createToken for an unknown credential gives NotFoundError', async () => {
      await rejection(client.telephonyCredentials.createToken(crypto.randomUUID()), NotFoundError);
    });
  });

  describe('actions and tags (routes without an SDK method, called through client.post / getAPIList)', () => {
    test('deactivate and activate switch the credential status', async () => {
      const credential = await createCredential(connection, { tag: `actions-${RUN}` });

      const { data: inactive } = await credentialAction(credential.id, 'deactivate');
      assert.equal(inactive.id, credential.id);
      if ('status' in inactive) assert.equal(inactive.status, 'inactive');
      const listedInactive = await collect(
        client.telephonyCredentials.list({ filter: { tag: `actions-${RUN}`, status: 'inactive' } }),
      );
      assert.deepEqual(listedInactive.map((c) => c.id), [credential.id]);

      const { data: active } = await credentialAction(credential.id, 'activate');
      assert.equal(active.id, credential.id);
      if ('status' in active) assert.equal(active.status, 'active');
      const listedActive = await collect(
        client.telephonyCredentials.list({ filter: { tag: `actions-${RUN}`, status: 'active' } }),
      );
      assert.deepEqual(listedActive.map((c) => c.id), [credential.id]);
    });

    test('tags lists each tag with the number of credentials carrying it', async () => {
      const tag = `counted-${RUN}`;
      for (let i = 0; i < 3; i += 1) await createCredential(connection, { tag });

      const tags = await collect(listTags({ 'page[size]': 2 }));
      const entry = tags.filter((t) => t.tag === tag);
      assert.equal(entry.length, 1, `tag ${tag} listed exactly once`);
      assert.equal(entry[0].amount, 3);
      assert.equal(new Set(tags.map((t) => t.tag)).size, tags.length, 'no tag listed twice');
    });
  });

  describe('errors', () => {
    test('create without connection_id is an UnprocessableEntityError pointing at /connection_id', async () => {
      const err = await rejection(client.telephonyCredentials.create({ name: 'orphan' }), UnprocessableEntityError);
      assert.equal(err.status, 422);
      const first = firstError(err);
      assert.match(first.code, /^\d+$/);
      assert.equal(first.source?.pointer, '/connection_id');
    });

    test('create with connection_id null is the same 422', async () => {
      const err = await rejection(
        client.telephonyCredentials.create({ connection_id: null, name: 'orphan' }),
        UnprocessableEntityError,
      );
      assert.equal(firstError(err).source?.pointer, '/connection_id');
    });

    test('create under a connection that does not exist is a 422 pointing at /connection_id', async () => {
      const err = await rejection(
        client.telephonyCredentials.create({ connection_id: '999999999999999999' }),
        UnprocessableEntityError,
      );
      assert.equal(firstError(err).source?.pointer, '/connection_id');
    });

    test('an unknown API key is an AuthenticationError', async () => {
      const stranger = new Telnyx({
        apiKey: `KEY${'0'.repeat(32)}_${'x'.repeat(22)}`,
        baseURL: `${baseOrigin}/v2`,
        maxRetries: 0,
      });
      const err = await rejection(stranger.telephonyCredentials.list(), AuthenticationError);
      assert.equal(err.status, 401);
      assert.equal(firstError(err).code, '10009');
    });
  });
});
