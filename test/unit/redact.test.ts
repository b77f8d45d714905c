import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { redactSecrets } from '../../src/config/redact.js';

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
