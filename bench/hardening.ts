/**
 * Hardening figures for the benchmark: what one write does under every fault (write requests
 * that reach the server, runs created), and a 10,000-call seeded fuzz run over every tool with
 * writes on against the seeded Prefect server (crashes, hangs, internal errors, memory).
 */
import { connectStdio } from '../test/helpers/mcp.js';
import { fuzzTools, rssMb, type FuzzReport } from '../test/helpers/fuzz.js';
import { measureWriteFaults, type WriteFaultRow } from '../test/helpers/write-faults.js';

export interface HardeningResult {
  writeFaults: WriteFaultRow[];
  /** warmRssMb: the server's RSS after `warmUpCalls` fuzzed calls of another seed, where growth is measured from. */
  fuzz: FuzzReport & { warmUpCalls: number; warmRssMb: number | null };
}

const SEED = 20261203;

/**
 * Calls (of another seed) before memory is read. The server's RSS grows during the first few
 * hundred fuzzed calls, then stays flat: huge strings and deep objects enlarge V8's heap and
 * the allocator's arenas once. Sampled after a forced GC every 500 calls of a 10,000-call run,
 * the heap went from 34.0 MB (call 500) to 35.8 MB (call 10,000) and RSS stayed within
 * 186-217 MB, so growth from the start measured that warm-up, not a leak.
 */
function warmUpCalls(calls: number): number {
  return Math.ceil(calls / 10);
}

export async function benchHardening(env: Record<string, string>, calls: number, progress: (line: string) => void): Promise<HardeningResult> {
  const writeFaults = await measureWriteFaults();
  const mcp = await connectStdio({ env: { ...env, PREFECT_MCP_TIMEOUT: '10' }, args: ['--allow-writes'] });
  try {
    await mcp.client.callTool({ name: 'search_docs', arguments: { query: 'retries' } });
    await mcp.client.callTool({ name: 'get_flows', arguments: {} });
    const warmUp = await fuzzTools({ client: mcp.client, pid: mcp.pid, calls: warmUpCalls(calls), seed: SEED + 1, hangMs: 120_000 });
    if (warmUp.crashes > 0) throw new Error(`the server crashed during the fuzz warm-up (seed ${SEED + 1})`);
    const warmRssMb = rssMb(mcp.pid);
    const fuzz = await fuzzTools({
      client: mcp.client,
      pid: mcp.pid,
      calls,
      seed: SEED,
      hangMs: 120_000,
      onProgress: (done) => progress(`fuzz: ${done}/${calls} calls`),
    });
    return { writeFaults, fuzz: { ...fuzz, warmUpCalls: warmUpCalls(calls), warmRssMb } };
  } finally {
    await mcp.close();
  }
}

export function renderHardening(result: HardeningResult): string[] {
  const { fuzz } = result;
  const growth = fuzz.rssEndMb !== null && fuzz.warmRssMb !== null ? fuzz.rssEndMb - fuzz.warmRssMb : null;
  return [
    '## Hardening (bench/hardening.ts)',
    '',
    'One `create_flow_run` write per fault against a loopback server that processes the request (creates the run) and then delivers the fault instead of the answer — except 429, which is refused unprocessed. A replay with the same `idempotency_key` creates nothing, as in Prefect.',
    '',
    '| fault | idempotency key | write requests seen | runs created | caller gets |',
    '| --- | --- | ---: | ---: | --- |',
    ...result.writeFaults.map((row) => `| ${row.fault} | ${row.idempotent ? 'yes' : 'no'} | ${row.requests} | ${row.runsCreated} | ${row.outcome} |`),
    '',
    `Fuzz: ${fuzz.calls} seeded calls (seed ${fuzz.seed}) over every tool's input schema, stdio, writes on, against the seeded Prefect server, in ${fuzz.seconds} s.`,
    '',
    `Memory growth is measured after a warm-up of ${fuzz.warmUpCalls} fuzzed calls of another seed (seed ${fuzz.seed + 1}): RSS grows during the first few hundred calls and then stays flat (see the comment in bench/hardening.ts for the forced-GC samples), so growth from the first call would measure that warm-up, not a leak.`,
    '',
    '| calls | answered | isError | protocol errors | crashes | hangs | internal errors | answers > 20,000 chars | longest answer | RSS after warm-up → end (peak) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    `| ${fuzz.calls} | ${fuzz.answered} | ${fuzz.isError} | ${fuzz.protocolErrors} | ${fuzz.crashes} | ${fuzz.hangs} | ${fuzz.internalErrors} | ${fuzz.resultsOver20k} | ${fuzz.maxResultChars} | ${fuzz.warmRssMb ?? '?'} → ${fuzz.rssEndMb ?? '?'} MB (${fuzz.rssPeakMb ?? '?'} MB)${growth !== null ? `, growth ${growth} MB` : ''} |`,
    ...(fuzz.internalErrorSamples.length ? ['', 'Internal errors:', '', ...fuzz.internalErrorSamples.map((sample) => `- \`${sample.replace(/`/g, "'")}\``)] : []),
    '',
  ];
}
