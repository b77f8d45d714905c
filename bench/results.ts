/** The shape of bench/results.json, and the targets judged against it. */
import type { RetrievalEvalResult } from './retrieval-eval.js';
import type { ApiToolsResult } from './api-tools.js';
import type { CliBenchResult } from './cli-bench.js';
import type { ColdStartResult } from './cold-start.js';
import type { DocsIndexBuild } from './docs-index.js';
import type { OfflineDocsScenario, OurDocsResult } from './docs-side.js';
import type { HardeningResult } from './hardening.js';
import type { HttpLoadResult } from './http-load.js';
import type { MachineInfo } from './machine.js';
import { ratio, round } from './stats.js';
import type { SiteParityResult } from './site-parity.js';
import type { ThreeWayResult } from './three-way.js';

/** A section either holds its figures or says why it has none. */
export type Section<T> = T | { notProduced: string };

export function produced<T extends object>(section: Section<T> | undefined): T | undefined {
  return section && !('notProduced' in section) ? (section as T) : undefined;
}

export interface BenchResults {
  machine: MachineInfo & { python: string };
  versions: { prefectServer: string | null; ours: string; theirs: string | null; fastmcp: string | null; mcpPython: string | null };
  settings: { coldStartRuns: number; callsPerTool: number; searchPasses: number; httpConcurrency: number[]; httpSeconds: number; fuzzCalls: number; threeWayCalls?: number };
  setup: { prefectServerStartupS: number; seedS: number };
  totalSeconds?: number;
  coldStart: Section<ColdStartResult>;
  apiTools: Section<ApiToolsResult>;
  docs: {
    ours: { indexBuild: Section<DocsIndexBuild>; search: Section<OurDocsResult> };
    theirsOffline: Section<OfflineDocsScenario[]>;
  };
  httpLoad: Section<HttpLoadResult>;
  /** From bench/indexer.ts (the indexer's own benchmark). */
  indexer: Section<Record<string, unknown>>;
  /** From bench/retrieval-eval.ts (ranking quality per eval file and intent, cross-validated, against a naive BM25). */
  retrieval: Section<RetrievalEvalResult>;
  /** From bench/site-parity.ts (builds from the live site's shapes vs the local checkout). */
  siteParity?: Section<SiteParityResult>;
  /** From bench/docs-eval.ts (retrieval quality over the dev question set). */
  docsEval: Section<Record<string, unknown>>;
  /** From bench/cli-bench.ts (get_cli_help latency, introspection time, search_cli hit@1). */
  cli?: Section<CliBenchResult>;
  /** From bench/hardening.ts: write faults and the fuzz run. */
  hardening: Section<HardeningResult>;
  /** From bench/three-way.ts: ours, the official server and the community prefect-mcp-server. */
  threeWay?: Section<ThreeWayResult>;
  targets: Target[];
}

export interface Target {
  name: string;
  target: string;
  actual: string;
  met: boolean | null;
  /** How far a missed target is missed, in words; '' when met or not measured. */
  miss: string;
}

export function judgeTargets(results: BenchResults): Target[] {
  const targets: Target[] = [];
  const cold = produced(results.coldStart);
  const speedup = cold ? ratio(cold.theirs.toolsListMs.median, cold.ours.toolsListMs.median) : null;
  targets.push(
    speedup === null
      ? unmeasured('cold start', '>= 8x faster than the official server')
      : { name: 'cold start', target: '>= 8x faster than the official server', actual: `${speedup}x faster`, met: speedup >= 8, miss: speedup >= 8 ? '' : `${round(8 / speedup, 2)}x short of 8x` },
  );

  const api = produced(results.apiTools);
  const compared = api?.questions.filter((question) => question.ours.size && question.theirs.size) ?? [];
  for (const question of compared) {
    const share = ratio(question.ours.size!.totalBytes, question.theirs.size!.totalBytes)!;
    targets.push(bytesTarget(`API bytes: ${question.label}`, share));
  }
  if (compared.length > 0) {
    const ours = compared.reduce((sum, question) => sum + question.ours.size!.totalBytes, 0);
    const theirs = compared.reduce((sum, question) => sum + question.theirs.size!.totalBytes, 0);
    targets.push(bytesTarget(`API bytes: all ${compared.length} questions together`, ratio(ours, theirs)!));
  } else {
    targets.push(unmeasured('API bytes', '<= 50% of theirs'));
  }

  const search = produced(results.docs.ours.search);
  const p50 = search && search.searchMs.n > 0 ? search.searchMs.median : null;
  const p95 = search && search.searchMs.n > 0 ? search.searchMs.p95 : null;
  targets.push(p50 === null ? unmeasured('search_docs p50', '<= 3 ms') : latencyTarget('search_docs p50 (MCP round trip, stdio)', p50, 3));
  targets.push(p95 === null ? unmeasured('search_docs p95', '<= 10 ms') : latencyTarget('search_docs p95 (MCP round trip, stdio)', p95, 10));

  const http = produced(results.httpLoad)?.runs.filter((run) => run.tool === 'search_docs') ?? [];
  if (http.length === 0) targets.push(unmeasured('HTTP search_docs throughput', '>= 500 req/s, 0 errors'));
  for (const run of http) {
    const met = run.requestsPerSecond >= 500 && run.errors === 0;
    const misses = [run.requestsPerSecond < 500 ? `${round(500 - run.requestsPerSecond, 1)} req/s short (${round((run.requestsPerSecond / 500) * 100, 0)}% of target)` : '', run.errors > 0 ? `${run.errors} errors` : ''];
    targets.push({
      name: `HTTP search_docs, ${run.concurrency} clients`,
      target: '>= 500 req/s, 0 errors',
      actual: `${run.requestsPerSecond} req/s, ${run.errors} errors`,
      met,
      miss: misses.filter(Boolean).join('; '),
    });
  }
  targets.push(...retrievalTargets(results.retrieval));
  const httpErrors = produced(results.httpLoad)?.runs.filter((run) => run.tool !== 'search_docs' && run.errors > 0) ?? [];
  for (const run of httpErrors) {
    targets.push({ name: `HTTP ${run.tool}, ${run.concurrency} clients`, target: '0 errors', actual: `${run.errors} errors`, met: false, miss: `${run.errors} errors` });
  }
  return targets;
}

/** The ranking targets of issue 14, on the plain (not cross-validated) figures of each dev file. */
function retrievalTargets(section: Section<RetrievalEvalResult>): Target[] {
  const result = produced(section);
  const scores = (file: string) => result?.files.find((figures) => figures.file === file)?.ours;
  const real = scores('real-user-dev.jsonl');
  const docs = scores('dev-docs-questions.jsonl');
  const atLeast = (name: string, actual: number | undefined, target: number): Target =>
    actual === undefined ? unmeasured(name, `>= ${target}`) : { name, target: `>= ${target}`, actual: String(actual), met: actual >= target, miss: actual >= target ? '' : `${round(target - actual, 3)} short` };
  return [
    atLeast('real-user Recall@5', real?.all?.recallAt5, 0.9),
    atLeast('real-user MRR', real?.all?.mrr, 0.8),
    atLeast('real-user troubleshoot hit@1', real?.troubleshoot?.hitAt1, 0.6),
    atLeast('docs-shaped Recall@5', docs?.all?.recallAt5, 0.95),
  ];
}

function bytesTarget(name: string, share: number): Target {
  return { name, target: '<= 50% of theirs', actual: `${round(share * 100, 1)}% of theirs`, met: share <= 0.5, miss: share <= 0.5 ? '' : `${round((share - 0.5) * 100, 1)} points over` };
}

function latencyTarget(name: string, actualMs: number, targetMs: number): Target {
  const met = actualMs <= targetMs;
  return { name, target: `<= ${targetMs} ms`, actual: `${actualMs} ms`, met, miss: met ? '' : `${round(actualMs - targetMs, 2)} ms over (${round(actualMs / targetMs, 2)}x the target)` };
}

function unmeasured(name: string, target: string): Target {
  return { name, target, actual: 'not measured', met: null, miss: '' };
}
