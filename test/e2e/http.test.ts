import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { requireTestBed } from '../helpers/bed.js';
import { connectHttp, startHttpServer } from '../helpers/mcp.js';

const bed = requireTestBed();

test('HTTP: /healthz answers, and two concurrent clients with different X-Prefect-Api-Url each reach their own server', async () => {
  const server = await startHttpServer({ env: { PREFECT_API_URL: 'http://127.0.0.1:9/api', PREFECT_MCP_TIMEOUT: '3' } });
  try {
    const health = await fetch(`${server.origin}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');

    const real = await connectHttp(server.url, { headers: { 'X-Prefect-Api-Url': bed.apiUrl } });
    const dead = await connectHttp(server.url, { headers: { 'X-Prefect-Api-Url': 'http://127.0.0.1:1/api' } });
    const plain = await connectHttp(server.url);
    try {
      const calls = [];
      for (let i = 0; i < 5; i++) {
        calls.push(real.client.callTool({ name: 'get_identity', arguments: {} }).then((result) => ['real', result] as const));
        calls.push(dead.client.callTool({ name: 'get_identity', arguments: {} }).then((result) => ['dead', result] as const));
      }
      for (const [who, result] of await Promise.all(calls)) {
        const text = (result.content as Array<{ text: string }>)[0].text;
        if (who === 'real') {
          assert.equal(result.isError, undefined, text);
          assert.equal((result.structuredContent as { api_url: string }).api_url, bed.apiUrl);
          assert.doesNotMatch(text, /127\.0\.0\.1:1\//);
        } else {
          assert.equal(result.isError, true);
          assert.match(text, /127\.0\.0\.1:1\/api is unreachable/);
          assert.ok(!text.includes(bed.apiUrl), 'never sees the other client\'s server');
        }
      }
      // Without a header, the server's own configuration applies.
      const fallback = await plain.client.callTool({ name: 'get_identity', arguments: {} });
      assert.match((fallback.content as Array<{ text: string }>)[0].text, /127\.0\.0\.1:9\/api is unreachable/);
    } finally {
      await Promise.all([real.close(), dead.close(), plain.close()]);
    }
  } finally {
    await server.close();
  }
});

test('HTTP: a foreign Origin is rejected, a bearer token is enforced when configured', async () => {
  const server = await startHttpServer({ args: ['--http-token', 'team-token-123'], env: { PREFECT_API_URL: bed.apiUrl } });
  try {
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } };
    const post = (headers: Record<string, string>) =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify(init),
      });
    assert.equal((await post({ authorization: 'Bearer team-token-123', origin: 'https://evil.example' })).status, 403);
    assert.equal((await post({})).status, 401);
    assert.equal((await post({ authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await post({ authorization: 'Bearer team-token-123' })).status, 200);

    const client = await connectHttp(server.url, { headers: { authorization: 'Bearer team-token-123' } });
    try {
      const result = await client.client.callTool({ name: 'get_identity', arguments: {} });
      assert.equal((result.structuredContent as { healthy: boolean }).healthy, true);
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});

test('HTTP: DNS-rebinding names are refused on a loopback server without a token; loopback names are served', async () => {
  const server = await startHttpServer({ env: { PREFECT_API_URL: bed.apiUrl } });
  const { port } = new URL(server.url);
  const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } });
  // node:http, because fetch may not set Host.
  const post = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(init);
    });
  try {
    assert.equal(await post({ host: `127.attacker.example:${port}` }), 403);
    assert.equal(await post({ host: `127.0.0.1.nip.io:${port}` }), 403);
    assert.equal(await post({ host: `127.0.0.1:${port}`, origin: 'http://127.0.0.1.nip.io' }), 403);
    assert.equal(await post({ host: `127.0.0.1:${port}`, origin: 'http://127.attacker.example:8000' }), 403);
    assert.equal(await post({ host: `localhost:${port}`, origin: 'http://localhost:3000' }), 200);
    assert.equal(await post({ host: `127.0.0.1:${port}` }), 200);
  } finally {
    await server.close();
  }
});
