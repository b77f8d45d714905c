/**
 * The fix the stuck-run diagnosis prints is a Python one-liner (there is no CLI for a forced state
 * change). Take exactly that command from diagnose_flow_run on the seeded stuck run, swap the stuck
 * run's id for a Running run this test owns, and run it with the bed's Prefect: the run must end
 * Crashed with the command's message. The run lives on a second, empty Prefect server started here,
 * because a new Crashed run on the shared bed would become "the most recent failure" other tests read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startPrefectServer } from '../bed/prefect-server.js';
import { requireTestBed, restCall } from '../helpers/bed.js';
import { callTool, connectStdio } from '../helpers/mcp.js';

const run = promisify(execFile);
const bed = requireTestBed();
const { seed } = bed;

interface FlowRun {
  id: string;
  state_type: string;
  state?: { message: string | null };
}

test("the mark-Crashed one-liner from diagnose_flow_run's stuck-run fix crashes a Running run on a real server", async () => {
  const mcp = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl, PREFECT_MCP_DOCS_DB: bed.docsDb } });
  let command: string;
  try {
    const outcome = await callTool(mcp.client, 'diagnose_flow_run', { flow_run_id: seed.flowRuns.stuck });
    const stuck = (outcome.data.findings as Array<{ code: string; fix: { command?: string } }>).find((f) => f.code === 'stuck_run');
    command = stuck?.fix.command ?? '';
    assert.ok(command.includes(seed.flowRuns.stuck), outcome.text);
  } finally {
    await mcp.close();
  }

  const tmp = mkdtempSync(join(tmpdir(), 'prefect-mcp-crash-'));
  const venv = { dir: bed.venv, python: bed.python, prefect: join(bed.venv, 'bin', 'prefect'), prefectVersion: '' };
  const server = await startPrefectServer({ venv, tmpDir: tmp });
  try {
    const flow = await restCall<{ id: string }>(server.apiUrl, 'POST', '/flows/', { name: 'crash-command-flow' });
    const created = await restCall<FlowRun>(server.apiUrl, 'POST', '/flow_runs/', { flow_id: flow.id, name: 'crash-command-run', state: { type: 'RUNNING' } });
    assert.equal(created.state_type, 'RUNNING');

    // `python` in the command is the user's Prefect environment: here the bed's venv, first on PATH.
    await run('sh', ['-c', command.replaceAll(seed.flowRuns.stuck, created.id)], {
      env: { PATH: `${dirname(bed.python)}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '', PREFECT_API_URL: server.apiUrl, PREFECT_HOME: bed.emptyPrefectHome },
      timeout: 600_000,
    });
    const after = await restCall<FlowRun>(server.apiUrl, 'GET', `/flow_runs/${created.id}`);
    assert.equal(after.state_type, 'CRASHED');
    assert.equal(after.state?.message, 'Marked crashed: no heartbeat');
  } finally {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});
