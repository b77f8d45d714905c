/**
 * ~1,000 seeded fuzz calls over stdio, with writes on, against the real seeded Prefect server
 * (see test/helpers/fuzz.ts). Nothing may crash, hang, report an internal bug or grow memory
 * without bound. The seed is fixed so a failure replays; FUZZ_SEED / FUZZ_CALLS override it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireTestBed } from '../helpers/bed.js';
import { fuzzTools, rssMb } from '../helpers/fuzz.js';
import { connectStdio } from '../helpers/mcp.js';

const bed = requireTestBed();
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const CALLS = Number(process.env.FUZZ_CALLS ?? 1000);

test(`${CALLS} fuzzed tool calls (seed ${SEED}): no crash, no hang, no internal error, bounded answers and memory`, { timeout: 900_000 }, async (t) => {
  const mcp = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl, PREFECT_MCP_TIMEOUT: '10' }, args: ['--allow-writes'] });
  try {
    // Warm up what loads lazily (the docs index, the HTTP client), so growth measures the fuzzing itself.
    await mcp.client.callTool({ name: 'search_docs', arguments: { query: 'retries' } });
    await mcp.client.callTool({ name: 'get_flows', arguments: {} });
    const warm = rssMb(mcp.pid);
    const report = await fuzzTools({ client: mcp.client, pid: mcp.pid, calls: CALLS, seed: SEED, hangMs: 120_000 });
    const summary = JSON.stringify({ ...report, warmRssMb: warm });
    t.diagnostic(summary);
    assert.equal(report.crashes, 0, summary);
    assert.equal(report.hangs, 0, summary);
    assert.equal(report.answered, CALLS, summary);
    assert.equal(report.internalErrors, 0, `${summary}\n${report.internalErrorSamples.join('\n')}`);
    assert.ok(report.maxResultChars <= 60_000, `an answer of ${report.maxResultChars} chars: ${summary}`);
    // Generous on purpose (no timing or tight memory asserts in tests); the benchmark reports the figure.
    assert.ok(warm !== null && report.rssEndMb !== null, 'server RSS readable from /proc');
    assert.ok(report.rssEndMb! - warm! < 300, `RSS grew ${report.rssEndMb! - warm!} MB: ${summary}`);
    const after = await mcp.client.callTool({ name: 'get_identity', arguments: {} });
    assert.ok(!after.isError, 'the session still answers after the fuzz run');
  } finally {
    await mcp.close();
  }
  assert.doesNotMatch(mcp.stderr(), /failed unexpectedly/, 'no unexpected failure logged');
});
