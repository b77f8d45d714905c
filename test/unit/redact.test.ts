import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { redactData, redactSecrets } from '../../src/config/redact.js';

const env = { PREFECT_HOME: mkdtempSync(join(tmpdir(), 'ph-')), PREFECT_API_KEY: 'pnu_serverOwnKey42' };

test('the server\'s own key is masked everywhere, in all its forms', () => {
  const config = resolveConfig({ env });
  assert.equal(redactSecrets('key pnu_serverOwnKey42 here'), 'key *** here');
  assert.equal(redactSecrets(`b64 ${Buffer.from('pnu_serverOwnKey42').toString('base64')}`), 'b64 ***');
  assert.ok(config.secrets.includes('pnu_serverOwnKey42'));
});

test('a caller\'s header key is masked in that request\'s output only, not collected process-wide', () => {
  const config = resolveConfig({ env, headers: { 'x-prefect-api-key': 'pnu_callerKey77', 'x-prefect-api-auth-string': '' } });
  assert.equal(redactSecrets('sent pnu_callerKey77'), 'sent pnu_callerKey77', 'not registered globally');
  assert.equal(redactSecrets('sent pnu_callerKey77', config.secrets), 'sent ***');

  const basic = resolveConfig({ env, headers: { 'x-prefect-api-auth-string': 'alice:s3cret-pw' } });
  const header = `Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`;
  assert.equal(redactSecrets(header, basic.secrets), 'Basic ***');
  assert.equal(redactSecrets('pw alice:s3cret-pw', basic.secrets), 'pw ***');
});

test('structured data is masked before serialization, in raw, JSON-escaped, URL-encoded and Base64 forms', () => {
  const canary = 'k"ey\\with+slash/eq= %&';
  const config = resolveConfig({ env: { PREFECT_HOME: mkdtempSync(join(tmpdir(), 'ph-')) }, headers: { 'x-prefect-api-key': canary } });
  const encoded = {
    raw: canary,
    json: JSON.stringify(canary).slice(1, -1),
    url: encodeURIComponent(canary),
    base64: Buffer.from(canary).toString('base64'),
  };
  const data = { value: canary, contained: `a ${canary} b`, nested: [{ deep: encoded }], [canary]: 1, count: 3, flag: true, none: null };
  const masked = redactData(data, config.secrets);
  const serialized = JSON.stringify(masked);
  for (const [form, value] of Object.entries(encoded)) assert.ok(!serialized.includes(value), `${form} form survived: ${serialized}`);
  assert.deepEqual(masked, { value: '***', contained: 'a *** b', nested: [{ deep: { raw: '***', json: '***', url: '***', base64: '***' } }], '***': 1, count: 3, flag: true, none: null });
  // The same forms are masked in text (a tool's rendering may embed JSON).
  assert.equal(redactSecrets(`text ${JSON.stringify({ v: canary })}`, config.secrets), 'text {"v":"***"}');
});
