import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireTestBed } from '../helpers/bed.js';
import { connectStdio } from '../helpers/mcp.js';

const bed = requireTestBed();

test('over stdio: initialize, instructions, tools/list with annotations; logs only on stderr', async () => {
  const server = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl } });
  try {
    assert.equal(server.client.getServerVersion()?.name, 'prefect-mcp');
    assert.match(server.client.getInstructions() ?? '', /docs — offline Prefect documentation/);
    const { tools } = await server.client.listTools();
    const identity = tools.find((tool) => tool.name === 'get_identity');
    assert.ok(identity, 'get_identity is listed');
    assert.deepEqual(identity.annotations, {
      title: 'Prefect connection and identity',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    });
    assert.equal(identity.outputSchema?.type, 'object');
    // The SDK client would have failed to parse any non-protocol byte on stdout; the log line proves stderr is used.
    assert.match(server.stderr(), /serving over stdio/);
  } finally {
    await server.close();
  }
});

test('get_identity against the real server returns its version and health', async () => {
  const server = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl } });
  try {
    const result = await server.client.callTool({ name: 'get_identity', arguments: {} });
    assert.equal(result.isError, undefined);
    const identity = result.structuredContent as Record<string, unknown>;
    assert.equal(identity.version, bed.seed.prefectVersion ?? '3.8.8');
    assert.equal(identity.healthy, true);
    assert.equal(identity.server_type, 'oss');
    assert.equal(identity.api_url, bed.apiUrl);
    assert.equal(identity.auth_mode, 'none');
  } finally {
    await server.close();
  }
});

// A refused connection is reported as such at once, not waited on until the request timeout (a timing bound
// here would measure the machine; the wording tells which path answered).
test('get_identity against an unreachable URL is an isError with the hint, not a timeout', async () => {
  const server = await connectStdio({ env: { PREFECT_API_URL: 'http://127.0.0.1:9/api', PREFECT_MCP_TIMEOUT: '3' } });
  try {
    const result = await server.client.callTool({ name: 'get_identity', arguments: {} });
    assert.equal(result.isError, true);
    const text = (result.content as Array<{ text: string }>)[0].text;
    assert.doesNotMatch(text, /timed out|did not answer within/i);
    assert.match(text, /Prefect API at http:\/\/127\.0\.0\.1:9\/api is unreachable/);
    assert.match(text, /prefect server start/);
    // The server keeps serving after the failure.
    const again = await server.client.listTools();
    assert.ok(again.tools.length > 0);
  } finally {
    await server.close();
  }
});

test('--toolsets limits what is registered; write tools need --allow-writes', async () => {
  const docsOnly = await connectStdio({ args: ['--toolsets', 'docs'], env: { PREFECT_API_URL: bed.apiUrl } });
  try {
    const names = (await docsOnly.client.listTools()).tools.map((tool) => tool.name);
    assert.ok(!names.includes('get_identity'), 'api tools are off');
    assert.doesNotMatch(docsOnly.client.getInstructions() ?? '', /api — read-only/);
  } finally {
    await docsOnly.close();
  }
  const readOnly = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl } });
  const writable = await connectStdio({ args: ['--allow-writes'], env: { PREFECT_API_URL: bed.apiUrl } });
  try {
    const readOnlyTools = (await readOnly.client.listTools()).tools;
    const writableTools = (await writable.client.listTools()).tools;
    assert.ok(readOnlyTools.every((tool) => tool.annotations?.readOnlyHint === true), 'no write tool without the flag');
    const writes = writableTools.filter((tool) => tool.annotations?.readOnlyHint === false);
    assert.ok(writes.length > 0, 'write tools appear with --allow-writes');
    for (const tool of writes) assert.equal(tool.annotations?.destructiveHint, true, tool.name);
  } finally {
    await readOnly.close();
    await writable.close();
  }
});
