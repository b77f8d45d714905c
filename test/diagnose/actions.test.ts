/**
 * The opt-in write tools on the real seeded server: absent without --allow-writes, and with it
 * run_deployment creates a visible run and cancel_flow_run cancels a scheduled one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { prefectRest, requireTestBed } from '../helpers/bed.js';
import { connectStdio, type StdioConnection } from '../helpers/mcp.js';

const bed = requireTestBed();
const { seed } = bed;
const WRITE_TOOLS = ['run_deployment', 'cancel_flow_run'];
let writes: StdioConnection;

before(async () => {
  writes = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl }, args: ['--allow-writes'] });
});
after(() => writes?.close());

function text(result: unknown): string {
  return ((result as { content?: Array<{ text: string }> }).content ?? [])[0]?.text ?? '';
}

test('without the flag the actions do not exist and calling them fails cleanly', async () => {
  const readOnly = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl, PREFECT_MCP_ALLOW_WRITES: undefined } });
  try {
    const { tools } = await readOnly.client.listTools();
    for (const name of WRITE_TOOLS) assert.ok(!tools.some((t) => t.name === name), `${name} listed without --allow-writes`);
    for (const name of WRITE_TOOLS) {
      const outcome = await readOnly.client.callTool({ name, arguments: { deployment: 'x', flow_run_id: seed.flowRuns.cancellable[0] } }).then(
        (result) => ({ isError: result.isError === true, message: text(result) }),
        (error: Error) => ({ isError: true, message: error.message }),
      );
      assert.equal(outcome.isError, true, `${name} must not run without the flag`);
      assert.match(outcome.message, /not found|unknown tool/i);
    }
    assert.ok((await readOnly.client.listTools()).tools.length > 0, 'the server still serves');
  } finally {
    await readOnly.close();
  }
});

test('with --allow-writes both are listed as destructive, non-idempotent', async () => {
  const { tools } = await writes.client.listTools();
  for (const name of WRITE_TOOLS) {
    const tool = tools.find((t) => t.name === name);
    assert.ok(tool, `${name} missing with --allow-writes`);
    assert.equal(tool.annotations?.destructiveHint, true);
    assert.equal(tool.annotations?.idempotentHint, false);
    assert.equal(tool.annotations?.readOnlyHint, false);
  }
});

test('run_deployment checks parameters, then creates a run visible through get_flow_runs', async () => {
  const deployment = seed.deployments.manual;
  const bad = await writes.client.callTool({ name: 'run_deployment', arguments: { deployment: deployment.fullName, parameters: { no_such_param: 1 } } });
  assert.equal(bad.isError, true);
  assert.match(text(bad), /unknown parameter\(s\): no_such_param/);

  const tag = `mcp-test-${Date.now()}`;
  const result = await writes.client.callTool({ name: 'run_deployment', arguments: { deployment: deployment.fullName, tags: [tag] } });
  assert.ok(!result.isError, text(result));
  const run = (result.structuredContent as { flow_run: { id: string } }).flow_run;
  const rest = await prefectRest<{ deployment_id: string; tags: string[] }>('GET', `/flow_runs/${run.id}`);
  assert.equal(rest.deployment_id, deployment.id);
  assert.ok(rest.tags.includes(tag));
  const listed = await writes.client.callTool({ name: 'get_flow_runs', arguments: { tags: [tag] } });
  assert.ok(!listed.isError, text(listed));
  assert.match(JSON.stringify(listed.structuredContent), new RegExp(run.id));
  // Leave nothing scheduled behind for other tests' late-run counts.
  await prefectRest('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'CANCELLED' }, force: true });
});

test('cancel_flow_run moves a scheduled run to Cancelled and reports a final run unchanged', async () => {
  const id = seed.flowRuns.cancellable[0];
  const result = await writes.client.callTool({ name: 'cancel_flow_run', arguments: { flow_run_id: id } });
  assert.ok(!result.isError, text(result));
  const data = result.structuredContent as { flow_run: { state_type: string }; changed: boolean };
  assert.equal(data.changed, true);
  assert.equal(data.flow_run.state_type, 'CANCELLED');
  assert.equal((await prefectRest<{ state_type: string }>('GET', `/flow_runs/${id}`)).state_type, 'CANCELLED');

  const again = await writes.client.callTool({ name: 'cancel_flow_run', arguments: { flow_run_id: seed.flowRuns.completed } });
  assert.ok(!again.isError, text(again));
  assert.equal((again.structuredContent as { changed: boolean }).changed, false);
  assert.match(text(again), /already final/);
});
