/**
 * Faults a real Prefect server cannot produce on demand (429 with Retry-After, 5xx, hangs),
 * from a fake HTTP server on loopback.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { PrefectClient } from '../../src/prefect/client.js';
import { PrefectApiError } from '../../src/prefect/errors.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;
const routes = new Map<string, Handler>();
const hits = new Map<string, number>();
const seenAuth: string[] = [];

const fake = createServer((req, res) => {
  const path = (req.url ?? '').replace(/^\/api/, '').split('?')[0];
  const n = (hits.get(path) ?? 0) + 1;
  hits.set(path, n);
  seenAuth.push(req.headers.authorization ?? '');
  const handler = routes.get(path);
  if (!handler) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
    return;
  }
  handler(req, res, n);
});
await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/api`;
after(() => {
  fake.closeAllConnections();
  fake.close();
});

function client(env: Record<string, string> = {}, timeoutSeconds?: number) {
  return new PrefectClient(
    resolveConfig({ env: { PREFECT_HOME: mkdtempSync(join(tmpdir(), 'ph-')), PREFECT_API_URL: base, ...env }, flags: { timeoutSeconds } }),
  );
}

async function rejection(promise: Promise<unknown>): Promise<PrefectApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PrefectApiError, `expected PrefectApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

test('429 with Retry-After is waited out and retried', async () => {
  routes.set('/rl', (_req, res, hit) => {
    if (hit === 1) res.writeHead(429, { 'retry-after': '1' }).end('{"detail":"slow down"}');
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  const started = Date.now();
  assert.deepEqual(await client().get('/rl'), { ok: true });
  assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
  assert.equal(hits.get('/rl'), 2);
});

test('a Retry-After too long to wait is reported with the wait, not slept through', async () => {
  routes.set('/rl-long', (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('{}'));
  const error = await rejection(client().get('/rl-long'));
  assert.equal(error.kind, 'rate_limited');
  assert.match(error.message, /Retry after 120 s/);
  assert.equal(hits.get('/rl-long'), 1);
});

test('503 is retried a bounded number of times, then reported', async () => {
  routes.set('/flaky', (_req, res) => res.writeHead(503).end('unavailable'));
  const error = await rejection(client().get('/flaky'));
  assert.equal(error.kind, 'server_error');
  assert.equal(hits.get('/flaky'), 3);
  assert.match(error.message, /answered 503/);
});

test('500 is not retried and says the server failed', async () => {
  routes.set('/boom', (_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"detail":"db is gone"}'));
  const error = await rejection(client().get('/boom'));
  assert.equal(hits.get('/boom'), 1);
  assert.match(error.message, /500.*db is gone.*check its logs/s);
});

test('a hung server times out within the configured timeout', async () => {
  routes.set('/hang', () => {
    /* never answers */
  });
  const started = Date.now();
  const error = await rejection(client({}, 1).get('/hang'));
  const elapsed = Date.now() - started;
  assert.equal(error.kind, 'timeout');
  // Generous: only "it did not wait for ever" is asserted, never a speed.
  assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
  assert.match(error.message, /did not answer within 1 s/);
});

test('401 without credentials says which credential to set; with a key, that the key was rejected (and never shows it)', async () => {
  routes.set('/secure', (_req, res) => res.writeHead(401).end('{"detail":"Unauthorized"}'));
  const none = await rejection(client().get('/secure'));
  assert.equal(none.kind, 'unauthorized');
  assert.match(none.message, /PREFECT_API_KEY/);
  assert.match(none.message, /PREFECT_API_AUTH_STRING/);

  const withKey = await rejection(client({ PREFECT_API_KEY: 'pnu_canary_401' }).get('/secure'));
  assert.match(withKey.message, /rejected the API key \(from env\)/);
  assert.ok(!withKey.message.includes('pnu_canary_401'));
  assert.equal(seenAuth.at(-1), 'Bearer pnu_canary_401');
});

test('basic auth string is sent as Basic; 403 says the credential lacks permission', async () => {
  routes.set('/forbidden', (_req, res) => res.writeHead(403).end('{}'));
  const error = await rejection(client({ PREFECT_API_AUTH_STRING: 'admin:pw-canary' }).get('/forbidden'));
  assert.equal(error.kind, 'forbidden');
  assert.match(error.message, /basic auth string \(from env\)/);
  assert.equal(seenAuth.at(-1), `Basic ${Buffer.from('admin:pw-canary').toString('base64')}`);
});

test('404 names the missing object and the tool that lists valid ids', async () => {
  const error = await rejection(client().get('/flow_runs/7f0c1d1e-0000-4000-8000-000000000000'));
  assert.equal(error.kind, 'not_found');
  assert.equal(error.message, 'No flow run with id 7f0c1d1e-0000-4000-8000-000000000000 exists on this Prefect server. Use get_flow_runs to find valid ids.');
});

test('422 carries the server\'s validation detail with field paths', async () => {
  routes.set('/flow_runs/filter', (_req, res) =>
    res
      .writeHead(422, { 'content-type': 'application/json' })
      .end(JSON.stringify({ detail: [{ loc: ['body', 'flow_runs', 'bogus'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' }] })),
  );
  const error = await rejection(client().post('/flow_runs/filter', { flow_runs: { bogus: 1 } }));
  assert.equal(error.kind, 'invalid');
  assert.match(error.message, /flow_runs\.bogus: Extra inputs are not permitted/);
});

test('an unreachable server gets the start-a-server hint', async () => {
  const config = resolveConfig({ env: { PREFECT_HOME: mkdtempSync(join(tmpdir(), 'ph-')), PREFECT_API_URL: 'http://127.0.0.1:9/api' } });
  const error = await rejection(new PrefectClient(config).get('/health'));
  assert.equal(error.kind, 'unreachable');
  assert.match(error.message, /^Prefect API at http:\/\/127\.0\.0\.1:9\/api is unreachable.*`prefect server start`.*PREFECT_API_URL/);
});

test('a connection reset is retried once for reads, never for writes', async () => {
  routes.set('/task_runs/filter', (req, res, hit) => {
    if (hit === 1) req.socket.destroy();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":"t1"}]');
  });
  assert.deepEqual(await client().post('/task_runs/filter', {}), [{ id: 't1' }]);
  assert.equal(hits.get('/task_runs/filter'), 2);

  routes.set('/deployments/d1/create_flow_run', (req) => req.socket.destroy());
  const error = await rejection(client().post('/deployments/d1/create_flow_run', {}));
  assert.equal(error.kind, 'unreachable');
  assert.match(error.message, /closed the connection before answering/);
  assert.equal(hits.get('/deployments/d1/create_flow_run'), 1, 'a write is never sent twice');
});

test('a 2xx that is not JSON, or JSON of the wrong shape, blames the server or proxy with the status and a short excerpt', async () => {
  routes.set('/flows/filter', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${'Welcome to the proxy. '.repeat(5000)}</body></html>`));
  const html = await rejection(client().post('/flows/filter', {}));
  assert.equal(html.kind, 'bad_response');
  assert.match(html.message, /answered 200 for \/flows\/filter with a body that is not JSON \(text\/html\)/);
  assert.match(html.message, /not the Prefect API speaking: check the server and any proxy/);
  assert.ok(html.message.length < 1000, `message of ${html.message.length} chars`);
  assert.doesNotMatch(html.message, /prefect-mcp bug/);

  routes.set('/deployments/filter', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"detail":"not a list"}'));
  const shape = await rejection(client().post('/deployments/filter', {}));
  assert.equal(shape.kind, 'bad_response');
  assert.match(shape.message, /JSON that is not a list of objects: \{"detail":"not a list"\}/);

  routes.set('/work_pools/filter', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[1, null]'));
  assert.equal((await rejection(client().post('/work_pools/filter', {}))).kind, 'bad_response');
  routes.set('/flow_runs/count', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('"many"'));
  assert.match((await rejection(client().post('/flow_runs/count', {}))).message, /JSON that is not a number/);
  routes.set('/truncated', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "abc'));
  assert.equal((await rejection(client().get('/truncated'))).kind, 'bad_response');
});

test('an API URL without /api that answers with the UI gets "did you mean …/api?"', async () => {
  const ui = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><head><title>Prefect</title></head></html>'));
  await new Promise<void>((resolve) => ui.listen(0, '127.0.0.1', resolve));
  const root = `http://127.0.0.1:${(ui.address() as AddressInfo).port}`;
  try {
    const config = resolveConfig({ env: { PREFECT_HOME: mkdtempSync(join(tmpdir(), 'ph-')), PREFECT_API_URL: root } });
    const error = await rejection(new PrefectClient(config).get('/health'));
    assert.equal(error.kind, 'bad_response');
    assert.ok(error.message.includes(`Did you mean ${root}/api?`), error.message);
  } finally {
    ui.closeAllConnections();
    ui.close();
  }
});

test('403 with no credential says none is set instead of blaming its permissions', async () => {
  routes.set('/locked', (_req, res) => res.writeHead(403).end('{"detail":"Forbidden"}'));
  const error = await rejection(client().get('/locked'));
  assert.equal(error.kind, 'forbidden');
  assert.match(error.message, /no credential is set: set PREFECT_API_KEY/);
  assert.doesNotMatch(error.message, /lacks permission/);
});

test('error texts quote a bounded excerpt of a huge error body', async () => {
  routes.set('/huge-error', (_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'x'.repeat(3_000_000) })));
  const error = await rejection(client().get('/huge-error'));
  assert.equal(error.kind, 'http_error');
  assert.ok(error.message.length < 1000, `message of ${error.message.length} chars`);
  routes.set('/flow_runs/huge/invalid', (_req, res) => res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'y'.repeat(3_000_000) })));
  const invalid = await rejection(client().get('/flow_runs/huge/invalid'));
  assert.ok(invalid.message.length < 2000, `message of ${invalid.message.length} chars`);
});

test('a read is retried after a gateway error; a plain write is not, and says it may have taken effect', async () => {
  routes.set('/flows/gw/filter', (_req, res, hit) => {
    if (hit === 1) res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
    else res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  assert.deepEqual(await client().post('/flows/gw/filter', {}), []);
  assert.equal(hits.get('/flows/gw/filter'), 2);

  routes.set('/flow_runs/w1/set_state', (_req, res) => res.writeHead(504).end('gateway timeout'));
  const error = await rejection(client().post('/flow_runs/w1/set_state', { state: { type: 'CANCELLING' } }));
  assert.equal(hits.get('/flow_runs/w1/set_state'), 1);
  assert.match(error.message, /may still have taken effect/);
});
