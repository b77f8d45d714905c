/**
 * Cold start: spawn → initialize → tools/list, alternating the two servers run by run (A/B, B/A, ...)
 * so machine noise falls on both alike. One untimed run of each first warms the OS file cache,
 * which is the state an editor restarting its MCP servers sees.
 */
import { openSession, type ServerSpec, type Side } from './servers.js';
import { summarize, type Summary } from './stats.js';

export interface ColdStartSide {
  initializeMs: Summary;
  toolsListMs: Summary;
  tools: string[];
  errors: string[];
}

export type ColdStartResult = Record<Side, ColdStartSide>;

interface Sample {
  initializeMs: number;
  totalMs: number;
  tools: string[];
}

export async function coldStartOnce(spec: ServerSpec): Promise<Sample> {
  const session = await openSession(spec);
  try {
    const listStarted = performance.now();
    const listed = await session.client.listTools(undefined, { timeout: 60_000 });
    const totalMs = session.initializeMs + (performance.now() - listStarted);
    return { initializeMs: session.initializeMs, totalMs, tools: listed.tools.map((tool) => tool.name) };
  } finally {
    await session.close();
  }
}

export async function benchColdStart(specs: Record<Side, ServerSpec>, runs: number, progress: (line: string) => void): Promise<ColdStartResult> {
  const samples: Record<Side, Sample[]> = { ours: [], theirs: [] };
  const errors: Record<Side, string[]> = { ours: [], theirs: [] };
  for (let run = -1; run < runs; run++) {
    const order: Side[] = run % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours'];
    for (const side of order) {
      try {
        const sample = await coldStartOnce(specs[side]);
        if (run >= 0) samples[side].push(sample);
      } catch (error) {
        errors[side].push((error as Error).message.split('\n')[0]!);
      }
    }
    if (run >= 0) progress(`cold start run ${run + 1}/${runs}: ours ${last(samples.ours)} ms, theirs ${last(samples.theirs)} ms`);
  }
  const side = (name: Side): ColdStartSide => ({
    initializeMs: summarize(samples[name].map((sample) => sample.initializeMs)),
    toolsListMs: summarize(samples[name].map((sample) => sample.totalMs)),
    tools: samples[name][0]?.tools ?? [],
    errors: errors[name],
  });
  return { ours: side('ours'), theirs: side('theirs') };
}

function last(samples: Sample[]): string {
  const sample = samples[samples.length - 1];
  return sample ? sample.totalMs.toFixed(0) : 'n/a';
}
