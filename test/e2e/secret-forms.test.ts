/**
 * Secrets stay masked in every form they can travel in: raw, JSON-escaped, URL-encoded and Base64.
 * Canary credentials hold the characters that change between those forms (`"`, `\`, `+`, `/`, `=`,
 * space, `%`, `&`); Prefect variables on the REAL seeded server hold them as values (equal, contained,
 * nested in an object, pre-encoded), and an echoing fake server sends the credential back in a body.
 * Nothing of any form may appear in text, structuredContent, logs or doctor.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { prefectRest, requireTestBed } from '../helpers/bed.js';
import { CLI_PATH, connectStdio, serverEnv } from '../helpers/mcp.js';

const bed = requireTestBed();
const API_KEY = 'pnu_ca"na\\ry+/=K1 %&x';
const AUTH_STRING = 'admin:p@ss w"rd\\+/=&%Z2';

function forms(secret: string): Record<string, string> {
  return {
    raw: secret,
    'JSON-escaped': JSON.stringify(secret).slice(1, -1),
    'URL-encoded': encodeURIComponent(secret),
    base64: Buffer.from(secret).toString('base64'),
  };
}

function assertNoForm(where: string, text: string, secret: string): void {
  for (const [name, form] of Object.entries(forms(secret))) {
    assert.ok(!text.includes(form), `${where} shows the ${name} form of the canary:\n${text.slice(Math.max(0, text.indexOf(form) - 200), text.indexOf(form) + 200)}`);
  }
}

const tag = `canary-${Date.now()}`;
const variableIds: string[] = [];
function variableValues(secret: string): unknown[] {
  const f = forms(secret);
  return [secret, `prefix ${secret} suffix`, { nested: { key: secret, list: [secret] } }, f['URL-encoded'], f.base64, `url=${f['URL-encoded']}`];
}

before(async () => {
  for (const [i, value] of [...variableValues(API_KEY), ...variableValues(AUTH_STRING)].entries()) {
    const created = await prefectRest<{ id: string }>('POST', '/variables/', { name: `${tag}-${i}`, value, tags: [tag] });
    variableIds.push(created.id);
  }
});
after(async () => {
  for (const id of variableIds) await prefectRest('DELETE', `/variables/${id}`).catch(() => undefined);
});

for (const [label, env, secret] of [
  ['API key', { PREFECT_API_KEY: API_KEY }, API_KEY],
  ['basic auth string', { PREFECT_API_AUTH_STRING: AUTH_STRING }, AUTH_STRING],
] as const) {
  test(`${label}: variables equal to or containing the canary are masked in text and structuredContent, in all four forms`, async () => {
    const mcp = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl, PREFECT_MCP_LOG_LEVEL: 'debug', ...env } });
    try {
      const result = await mcp.client.callTool({ name: 'get_variables', arguments: { tags: [tag], detail: true, limit: 50 } });
      assert.ok(!result.isError, JSON.stringify(result).slice(0, 500));
      const structured = result.structuredContent as { variables?: unknown[]; items?: unknown[] };
      const text = (result.content as Array<{ text: string }>)[0]!.text;
      assert.match(text, /\*\*\*/, 'the canary values are shown masked');
      assert.match(JSON.stringify(structured), new RegExp(`${tag}-0`), 'the variables were listed');
      assertNoForm('text', text, secret);
      assertNoForm('structuredContent', JSON.stringify(structured), secret);
      assertNoForm('the whole result', JSON.stringify(result), secret);
    } finally {
      await mcp.close();
    }
    assertNoForm('stderr logs', mcp.stderr(), secret);
  });
}

test('a server that echoes the credential back (in every form) is masked in tool output, logs and doctor', async () => {
  const echo = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    const body = JSON.stringify({ detail: `got ${auth} / ${JSON.stringify(API_KEY)} / ${encodeURIComponent(API_KEY)} / ${API_KEY}` });
    res.writeHead((req.url ?? '').endsWith('/health') ? 200 : 500, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/api`;
  try {
    const mcp = await connectStdio({ env: { PREFECT_API_URL: echoUrl, PREFECT_API_KEY: API_KEY, PREFECT_MCP_LOG_LEVEL: 'debug', PREFECT_MCP_TIMEOUT: '5' } });
    try {
      for (const name of ['get_identity', 'get_flows', 'get_variables']) {
        const result = await mcp.client.callTool({ name, arguments: {} });
        assertNoForm(`${name} result`, JSON.stringify(result), API_KEY);
      }
    } finally {
      await mcp.close();
    }
    assertNoForm('stderr logs', mcp.stderr(), API_KEY);
    const doctor = await promisify(execFile)(process.execPath, [CLI_PATH, 'doctor'], { env: serverEnv({ PREFECT_API_URL: echoUrl, PREFECT_API_KEY: API_KEY }) }).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    assert.match(doctor.stdout, /Reachable:\s+yes/);
    assertNoForm('doctor', doctor.stdout + doctor.stderr, API_KEY);
  } finally {
    echo.closeAllConnections();
    echo.close();
  }
});
