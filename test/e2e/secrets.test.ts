/**
 * A canary API key planted in the environment, the profile and a request header must never
 * show up in any tool result, error, log line or doctor output — even when the Prefect side
 * echoes the Authorization header back in its error bodies (a fake server, for that fault only).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { requireTestBed } from '../helpers/bed.js';
import { CLI_PATH, connectHttp, connectStdio, serverEnv, startHttpServer } from '../helpers/mcp.js';

const bed = requireTestBed();
const ENV_KEY = 'pnu_canaryENV7Qx93';
const PROFILE_KEY = 'pnu_canaryPROFILE5Kd21';
const HEADER_KEY = 'pnu_canaryHEADER8Zt44';
const CANARIES = [ENV_KEY, PROFILE_KEY, HEADER_KEY];

const echo = createServer((req, res) => {
  const auth = req.headers.authorization ?? '';
  if ((req.url ?? '').endsWith('/health')) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echoed: auth }));
    return;
  }
  res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: `request carried ${auth}` }));
});
await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/api`;
after(() => {
  echo.closeAllConnections();
  echo.close();
});

function profileHome(apiUrl: string): string {
  const home = mkdtempSync(join(tmpdir(), 'canary-home-'));
  writeFileSync(join(home, 'profiles.toml'), `active = "canary"\n[profiles.canary]\nPREFECT_API_URL = "${apiUrl}"\nPREFECT_API_KEY = "${PROFILE_KEY}"\n`);
  return home;
}

function assertNoCanary(where: string, text: string): void {
  for (const canary of CANARIES) assert.ok(!text.includes(canary), `${where} leaks ${canary}:\n${text.slice(0, 2000)}`);
}

/** Calls every listed tool with empty arguments and returns everything they answered. */
async function callEveryTool(client: Client): Promise<string> {
  const { tools } = await client.listTools();
  let all = '';
  for (const tool of tools) {
    const result = await client.callTool({ name: tool.name, arguments: {} });
    all += JSON.stringify(result) + '\n';
  }
  return all;
}

test('stdio: canaries from env and profile never leak, against the real server and an echoing one', async () => {
  const credentialSources = new Map<string, string>();
  for (const apiUrl of [bed.apiUrl, echoUrl]) {
    const fromEnv = await connectStdio({ env: { PREFECT_API_URL: apiUrl, PREFECT_API_KEY: ENV_KEY, PREFECT_MCP_LOG_LEVEL: 'debug', PREFECT_MCP_TIMEOUT: '5' } });
    try {
      assertNoCanary(`tool output (env key, ${apiUrl})`, await callEveryTool(fromEnv.client));
    } finally {
      await fromEnv.close();
    }
    assertNoCanary('stderr logs (env key)', fromEnv.stderr());

    const fromProfile = await connectStdio({ env: { PREFECT_HOME: profileHome(apiUrl), PREFECT_MCP_LOG_LEVEL: 'debug', PREFECT_MCP_TIMEOUT: '5' } });
    try {
      const identity = await fromProfile.client.callTool({ name: 'get_identity', arguments: {} });
      credentialSources.set(apiUrl, (identity.structuredContent as { credential_source?: string } | undefined)?.credential_source ?? '(no answer)');
      assertNoCanary(`tool output (profile key, ${apiUrl})`, (await callEveryTool(fromProfile.client)) + JSON.stringify(identity));
    } finally {
      await fromProfile.close();
    }
    assertNoCanary('stderr logs (profile key)', fromProfile.stderr());
  }
  assert.equal(credentialSources.get(bed.apiUrl), 'profile', 'the real server saw the profile key');
});

test('HTTP: a canary in the X-Prefect-Api-Key header never leaks, and the echoing server proves it was sent', async () => {
  const server = await startHttpServer({ env: { PREFECT_API_URL: echoUrl, PREFECT_API_KEY: ENV_KEY, PREFECT_MCP_LOG_LEVEL: 'debug', PREFECT_MCP_TIMEOUT: '5' } });
  try {
    const client = await connectHttp(server.url, { headers: { 'X-Prefect-Api-Key': HEADER_KEY } });
    try {
      const output = await callEveryTool(client.client);
      assert.match(output, /request carried Bearer \*\*\*/, 'the echo shows a redacted credential, so it was sent and masked');
      assertNoCanary('tool output (header key)', output);
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
  assertNoCanary('HTTP server logs', server.stderr());
});

test('doctor never prints the canary, from env or profile', async () => {
  const run = promisify(execFile);
  for (const env of [
    { PREFECT_API_URL: echoUrl, PREFECT_API_KEY: ENV_KEY },
    { PREFECT_HOME: profileHome(echoUrl) },
  ]) {
    const result = await run(process.execPath, [CLI_PATH, 'doctor'], { env: serverEnv(env) }).catch((error: { stdout: string; stderr: string }) => error);
    const output = result.stdout + result.stderr;
    assert.match(output, /Auth mode:\s+api-key/);
    assert.match(output, /Reachable:\s+yes/);
    assertNoCanary('doctor output', output);
  }
});
