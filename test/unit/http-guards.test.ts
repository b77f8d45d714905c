import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { checkRequest } from '../../src/transports/http-guards.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const loopback = { bindHost: '127.0.0.1', allowedOrigins: ['https://team.example.com'] };

test('requests without Origin (editors, CLIs) and from loopback pages are allowed', () => {
  assert.equal(checkRequest(request({ host: '127.0.0.1:8765' }), loopback), undefined);
  assert.equal(checkRequest(request({ host: 'localhost:8765', origin: 'http://localhost:3000' }), loopback), undefined);
  assert.equal(checkRequest(request({ host: 'localhost:8765', origin: 'https://team.example.com' }), loopback), undefined);
});

test('a foreign Origin is rejected (DNS rebinding / drive-by browser requests)', () => {
  const rejection = checkRequest(request({ host: '127.0.0.1:8765', origin: 'https://evil.example' }), loopback);
  assert.equal(rejection?.status, 403);
  assert.match(rejection?.message ?? '', /Origin https:\/\/evil\.example is not allowed/);
});

test('on loopback, a non-loopback Host is rejected; on 0.0.0.0 any Host is fine', () => {
  assert.equal(checkRequest(request({ host: 'rebind.evil.example:8765' }), loopback)?.status, 403);
  assert.equal(checkRequest(request({ host: 'mcp.team.internal:8765' }), { bindHost: '0.0.0.0', allowedOrigins: [] }), undefined);
});

test('a configured bearer token is required and compared exactly', () => {
  const options = { ...loopback, token: 's3cret-token' };
  assert.equal(checkRequest(request({ host: '127.0.0.1' }), options)?.status, 401);
  assert.equal(checkRequest(request({ host: '127.0.0.1', authorization: 'Bearer wrong' }), options)?.status, 401);
  assert.equal(checkRequest(request({ host: '127.0.0.1', authorization: 'Bearer s3cret-token' }), options), undefined);
});

test('loopback means exactly 127.0.0.1, ::1 and localhost: rebinding names that merely start like them are refused', () => {
  for (const host of ['127.0.0.1', '127.0.0.1:8765', 'localhost', 'LOCALHOST:80', '[::1]', '[::1]:8765']) {
    assert.equal(checkRequest(request({ host }), loopback), undefined, `Host ${host}`);
  }
  for (const host of ['127.attacker.example', '127.attacker.example:8765', '127.0.0.1.nip.io', '127.0.0.1.nip.io:8765', 'localhost.attacker.example', '127.0.0.2', 'localhost:80:80', '']) {
    assert.equal(checkRequest(request({ host }), loopback)?.status, 403, `Host ${host}`);
  }
  for (const origin of ['http://127.0.0.1', 'http://127.0.0.1:3000', 'https://localhost', 'http://[::1]:5173']) {
    assert.equal(checkRequest(request({ host: '127.0.0.1:8765', origin }), loopback), undefined, `Origin ${origin}`);
  }
  for (const origin of ['http://127.0.0.1.nip.io', 'http://127.attacker.example', 'http://localhost.attacker.example:3000', 'http://127.1', 'http://0x7f.0.0.1', 'http://user@127.0.0.1', 'file://localhost', 'null']) {
    assert.equal(checkRequest(request({ host: '127.0.0.1:8765', origin }), loopback)?.status, 403, `Origin ${origin}`);
  }
  // The same Origin rules hold on a server bound to every interface.
  assert.equal(checkRequest(request({ host: 'mcp.internal', origin: 'http://127.0.0.1.nip.io' }), { bindHost: '0.0.0.0', allowedOrigins: [] })?.status, 403);
});

test('a rejection quotes at most a line of the attacker\'s header', () => {
  const rejection = checkRequest(request({ host: 'x'.repeat(100_000) }), loopback);
  assert.equal(rejection?.status, 403);
  assert.ok((rejection?.message.length ?? 0) < 400, `message of ${rejection?.message.length} chars`);
});
