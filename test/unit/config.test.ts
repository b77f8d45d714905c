import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, DEFAULT_API_URL, DEFAULT_DOCS_SOURCE, ConfigError } from '../../src/config/resolve.js';
import { defaultDocsDbPath } from '../../src/paths.js';

const CLOUD_URL = 'https://api.prefect.cloud/api/accounts/0ff44498-d380-4d7b-bd68-9b52da03823f/workspaces/c2ad8f23-6c34-4f4e-b7a3-1d8c2a0e3b21';

function prefectHome(profiles?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'prefect-home-'));
  if (profiles !== undefined) writeFileSync(join(dir, 'profiles.toml'), profiles);
  return dir;
}

const SEVERAL_PROFILES = `
active = "cloud"

[profiles.local]
PREFECT_API_URL = "http://127.0.0.1:4200/api"

[profiles.cloud]
PREFECT_API_URL = "${CLOUD_URL}"
PREFECT_API_KEY = "pnu_profilekey123"

[profiles.selfhosted]
PREFECT_API_URL = "https://prefect.example.internal/api"
PREFECT_API_AUTH_STRING = "admin:hunter22"
`;

test('defaults when there is no profiles file and no environment', () => {
  const config = resolveConfig({ env: { PREFECT_HOME: prefectHome() } });
  assert.equal(config.apiUrl, DEFAULT_API_URL);
  assert.equal(config.sources.apiUrl, 'default');
  assert.equal(config.authMode, 'none');
  assert.equal(config.isCloud, false);
  assert.equal(config.profile, undefined);
  assert.equal(config.timeoutMs, 15_000);
  assert.deepEqual(config.toolsets, ['api', 'docs', 'diagnose', 'actions']);
  assert.equal(config.allowWrites, false);
});

test('the active profile supplies URL and API key, and Cloud ids are parsed from the URL', () => {
  const config = resolveConfig({ env: { PREFECT_HOME: prefectHome(SEVERAL_PROFILES) } });
  assert.equal(config.profile?.name, 'cloud');
  assert.equal(config.apiUrl, CLOUD_URL);
  assert.equal(config.sources.apiUrl, 'profile');
  assert.equal(config.authMode, 'api-key');
  assert.equal(config.apiKey, 'pnu_profilekey123');
  assert.equal(config.isCloud, true);
  assert.equal(config.accountId, '0ff44498-d380-4d7b-bd68-9b52da03823f');
  assert.equal(config.workspaceId, 'c2ad8f23-6c34-4f4e-b7a3-1d8c2a0e3b21');
});

test('PREFECT_PROFILE overrides the file\'s active profile; auth string means basic auth', () => {
  const config = resolveConfig({ env: { PREFECT_HOME: prefectHome(SEVERAL_PROFILES), PREFECT_PROFILE: 'selfhosted' } });
  assert.equal(config.profile?.name, 'selfhosted');
  assert.equal(config.apiUrl, 'https://prefect.example.internal/api');
  assert.equal(config.authMode, 'basic');
  assert.equal(config.authString, 'admin:hunter22');
  assert.equal(config.isCloud, false);
});

test('PREFECT_PROFILE naming a missing profile is reported with the file', () => {
  const home = prefectHome(SEVERAL_PROFILES);
  const config = resolveConfig({ env: { PREFECT_HOME: home, PREFECT_PROFILE: 'nope' } });
  assert.match(config.profileError ?? '', /PREFECT_PROFILE is "nope"/);
  assert.ok(config.profileError?.includes(join(home, 'profiles.toml')));
  assert.match(config.profileError ?? '', /local, cloud, selfhosted/);
});

test('environment beats profile, CLI flags beat environment, headers beat flags', () => {
  const env = {
    PREFECT_HOME: prefectHome(SEVERAL_PROFILES),
    PREFECT_API_URL: 'http://env-host:4200/api',
    PREFECT_API_KEY: 'pnu_envkey456',
  };
  const fromEnv = resolveConfig({ env });
  assert.equal(fromEnv.apiUrl, 'http://env-host:4200/api');
  assert.equal(fromEnv.sources.apiUrl, 'env');
  assert.equal(fromEnv.apiKey, 'pnu_envkey456');
  assert.equal(fromEnv.sources.credential, 'env');

  const fromFlag = resolveConfig({ env, flags: { apiUrl: 'http://flag-host:4200/api/' } });
  assert.equal(fromFlag.apiUrl, 'http://flag-host:4200/api', 'trailing slash is trimmed');
  assert.equal(fromFlag.sources.apiUrl, 'flag');

  const fromHeader = resolveConfig({
    env,
    flags: { apiUrl: 'http://flag-host:4200/api' },
    headers: { 'x-prefect-api-url': 'http://header-host:4200/api', 'x-prefect-api-auth-string': 'u:p-header' },
  });
  assert.equal(fromHeader.apiUrl, 'http://header-host:4200/api');
  assert.equal(fromHeader.sources.apiUrl, 'header');
  assert.equal(fromHeader.authMode, 'basic');
  assert.equal(fromHeader.authString, 'u:p-header');
  assert.equal(fromHeader.apiKey, undefined, 'an auth string replaces a lower API key');
});

test('a header that redirects to another server does not inherit the server\'s own credentials', () => {
  const env = { PREFECT_HOME: prefectHome(), PREFECT_API_URL: 'http://ours:4200/api', PREFECT_API_KEY: 'pnu_ourkey' };
  const redirected = resolveConfig({ env, headers: { 'x-prefect-api-url': 'http://theirs:4200/api' } });
  assert.equal(redirected.apiUrl, 'http://theirs:4200/api');
  assert.equal(redirected.apiKey, undefined);
  assert.equal(redirected.authMode, 'none');

  const sameServer = resolveConfig({ env, headers: { 'x-prefect-api-key': 'pnu_callerkey' } });
  assert.equal(sameServer.apiUrl, 'http://ours:4200/api');
  assert.equal(sameServer.apiKey, 'pnu_callerkey');
  assert.equal(sameServer.sources.credential, 'header');
});

test('a malformed profiles file is reported with the file and line, and lower layers still apply', () => {
  const home = prefectHome('active = "x"\n[profiles.x]\nPREFECT_API_URL = "http://a\n');
  const config = resolveConfig({ env: { PREFECT_HOME: home } });
  assert.ok(config.profileError, 'expected a profile error');
  assert.ok(config.profileError.includes(join(home, 'profiles.toml')), config.profileError);
  assert.match(config.profileError, /line 3/);
  assert.equal(config.apiUrl, DEFAULT_API_URL);

  const withEnv = resolveConfig({ env: { PREFECT_HOME: home, PREFECT_API_URL: 'http://env:1/api' } });
  assert.equal(withEnv.apiUrl, 'http://env:1/api');
});

test('PREFECT_PROFILES_PATH points at a profiles file outside PREFECT_HOME', () => {
  const home = prefectHome(SEVERAL_PROFILES);
  const config = resolveConfig({ env: { PREFECT_PROFILES_PATH: join(home, 'profiles.toml'), PREFECT_PROFILE: 'local' } });
  assert.equal(config.apiUrl, 'http://127.0.0.1:4200/api');
  assert.equal(config.sources.apiUrl, 'profile');
});

test('server settings: toolsets, writes, timeout, and invalid values', () => {
  const env = { PREFECT_HOME: prefectHome(), PREFECT_MCP_TOOLSETS: 'docs,api', PREFECT_MCP_ALLOW_WRITES: '1', PREFECT_MCP_TIMEOUT: '2.5' };
  const config = resolveConfig({ env });
  assert.deepEqual(config.toolsets, ['docs', 'api']);
  assert.equal(config.allowWrites, true);
  assert.equal(config.timeoutMs, 2500);
  assert.deepEqual(resolveConfig({ env, flags: { toolsets: 'diagnose' } }).toolsets, ['diagnose']);
  assert.throws(() => resolveConfig({ env: { ...env, PREFECT_MCP_TOOLSETS: 'api,bogus' } }), (error: Error) => error instanceof ConfigError && /bogus/.test(error.message));
  assert.throws(() => resolveConfig({ env: { ...env, PREFECT_API_URL: 'not a url' } }), ConfigError);
});

test('HTTP token, allowed origins, log level and docs store: defaults < environment < flags, empty means unset', () => {
  const home = prefectHome();
  const defaults = resolveConfig({ env: { PREFECT_HOME: home } });
  assert.deepEqual(defaults.http, { token: undefined, allowedOrigins: [] });
  assert.equal(defaults.logLevel, 'info');
  assert.equal(defaults.docs.dbPath, defaultDocsDbPath());
  assert.equal(defaults.docs.source, DEFAULT_DOCS_SOURCE);

  const env = {
    PREFECT_HOME: home,
    PREFECT_MCP_HTTP_TOKEN: 'env-token',
    PREFECT_MCP_ALLOWED_ORIGINS: ' https://a.example , https://b.example,',
    PREFECT_MCP_LOG_LEVEL: 'DEBUG',
    PREFECT_MCP_DOCS_DB: '/env/docs.sqlite',
    PREFECT_MCP_DOCS_SOURCE: '/env/docs',
  };
  const fromEnv = resolveConfig({ env });
  assert.deepEqual(fromEnv.http, { token: 'env-token', allowedOrigins: ['https://a.example', 'https://b.example'] });
  assert.equal(fromEnv.logLevel, 'debug');
  assert.equal(fromEnv.docs.dbPath, '/env/docs.sqlite');
  assert.equal(fromEnv.docs.source, '/env/docs');

  const fromFlags = resolveConfig({ env, flags: { httpToken: 'flag-token', allowedOrigins: 'https://c.example', docsDb: '/flag/docs.sqlite' } });
  assert.deepEqual(fromFlags.http, { token: 'flag-token', allowedOrigins: ['https://c.example'] });
  assert.equal(fromFlags.docs.dbPath, '/flag/docs.sqlite');

  const empty = resolveConfig({ env: { PREFECT_HOME: home, PREFECT_MCP_HTTP_TOKEN: '', PREFECT_MCP_DOCS_DB: '', PREFECT_MCP_DOCS_SOURCE: '', PREFECT_MCP_LOG_LEVEL: 'loud' } });
  assert.equal(empty.http.token, undefined);
  assert.equal(empty.docs.dbPath, defaultDocsDbPath());
  assert.equal(empty.docs.source, DEFAULT_DOCS_SOURCE);
  assert.equal(empty.logLevel, 'info', 'an unknown level falls back to info');
});

test('the cache folder: PREFECT_MCP_CACHE_DIR, else $XDG_CACHE_HOME/prefect-mcp, else ~/.cache/prefect-mcp', () => {
  const home = prefectHome();
  assert.equal(resolveConfig({ env: { PREFECT_HOME: home, PREFECT_MCP_CACHE_DIR: '/srv/cache', XDG_CACHE_HOME: '/xdg' } }).docs.cacheDir, '/srv/cache');
  assert.equal(resolveConfig({ env: { PREFECT_HOME: home, XDG_CACHE_HOME: '/xdg' } }).docs.cacheDir, '/xdg/prefect-mcp');
  assert.equal(resolveConfig({ env: { PREFECT_HOME: home } }).docs.cacheDir, join(homedir(), '.cache', 'prefect-mcp'));
});

test('a credential with a control character or beyond Latin-1 is refused at start, naming the setting and position', () => {
  const home = mkdtempSync(join(tmpdir(), 'ph-'));
  assert.throws(() => resolveConfig({ env: { PREFECT_HOME: home, PREFECT_API_KEY: 'pnu_abc\ndef' } }), (error: Error) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /PREFECT_API_KEY from the environment contains a control character \(U\+000A, a newline\) at position 8 of 11/);
    assert.ok(!error.message.includes('pnu_abc'), 'never echoes the credential');
    return true;
  });
  assert.throws(() => resolveConfig({ env: { PREFECT_HOME: home, PREFECT_API_AUTH_STRING: 'user:pässwörd✓' } }), /outside Latin-1/);
  assert.throws(() => resolveConfig({ env: { PREFECT_HOME: home }, headers: { 'x-prefect-api-key': 'a\u0000b-key' } }), /X-Prefect-Api-\* header contains a control character/);
  // Latin-1 itself is sendable.
  assert.equal(resolveConfig({ env: { PREFECT_HOME: home, PREFECT_API_AUTH_STRING: 'user:pässwörd' } }).authMode, 'basic');
});
