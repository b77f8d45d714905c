/**
 * Our Streamable HTTP transport under load: N concurrent MCP clients on loopback, each its own
 * SDK Client (own initialize), calling one tool back to back until a fixed deadline. The load
 * generator shares the machine's cores with the server, as it would in a same-host deployment;
 * the figure is therefore a floor, not the server's ceiling. The timed runs start warm (see warmUp).
 */
import { connectHttp, startHttpServer } from '../test/helpers/mcp.js';
import { PeakRssSampler } from './peak-rss.js';
import type { ToolCall } from './questions.js';
import { round, summarize, type Summary } from './stats.js';
import { timedCall } from './timed-call.js';

export interface LoadRun {
  tool: string;
  concurrency: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: Summary;
  errors: number;
  firstError?: string;
}

export interface HttpLoadResult {
  runs: LoadRun[];
  peakRssMib: number | null;
}

export interface LoadPlan {
  tool: string;
  /** The i-th call's arguments (search_docs walks the question set). */
  callFor(i: number): ToolCall;
}

export async function benchHttpLoad(
  env: Record<string, string>,
  plans: LoadPlan[],
  concurrencies: number[],
  seconds: number,
  progress: (line: string) => void,
): Promise<HttpLoadResult> {
  const server = await startHttpServer({ env });
  const rss = new PeakRssSampler(server.pid);
  try {
    await warmUp(server.url, plans);
    const runs: LoadRun[] = [];
    for (const plan of plans) {
      for (const concurrency of concurrencies) {
        const run = await loadRun(server.url, plan, concurrency, seconds);
        runs.push(run);
        progress(`HTTP ${plan.tool} x${concurrency}: ${run.requestsPerSecond} req/s, p99 ${run.latencyMs.p99} ms, ${run.errors} errors`);
      }
    }
    return { runs, peakRssMib: rss.stop().mib };
  } finally {
    await server.close();
  }
}

/** Calls before any timed run, as the other sections make: the first run must not pay for loading the docs index. */
export const WARM_UP_CALLS = 20;

async function warmUp(url: string, plans: LoadPlan[]): Promise<void> {
  const { client, close } = await connectHttp(url);
  try {
    for (const plan of plans) for (let i = 0; i < WARM_UP_CALLS; i++) await timedCall(client, plan.callFor(i));
  } finally {
    await close();
  }
}

async function loadRun(url: string, plan: LoadPlan, concurrency: number, seconds: number): Promise<LoadRun> {
  const clients = await Promise.all(Array.from({ length: concurrency }, () => connectHttp(url)));
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  try {
    await Promise.all(
      clients.map(async ({ client }) => {
        while (performance.now() < deadline) {
          const outcome = await timedCall(client, plan.callFor(next++));
          if (outcome.ok) latencies.push(outcome.ms);
          else failures.push(outcome.error);
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((connection) => connection.close()));
  }
  const elapsed = (performance.now() - started) / 1000;
  return {
    tool: plan.tool,
    concurrency,
    seconds: round(elapsed, 1),
    requests: latencies.length + failures.length,
    requestsPerSecond: round(latencies.length / elapsed, 1),
    latencyMs: summarize(latencies),
    errors: failures.length,
    ...(failures[0] ? { firstError: failures[0] } : {}),
  };
}
