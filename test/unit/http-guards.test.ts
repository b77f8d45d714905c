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
