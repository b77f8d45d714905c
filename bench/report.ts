/**
 * bench/RESULTS.md and the stdout summary, rendered from one run's BenchResults. Every number
 * comes from the run; the interpretation is phrased from the same numbers, so a slower or
 * larger figure is said as such.
 */
import { renderHardening } from './hardening.js';
import { renderRetrieval, type RetrievalEvalResult } from './retrieval-eval.js';
import type { ApiQuestionResult, ToolSide } from './api-tools.js';
import { renderCliBench } from './cli-bench.js';
import type { DocsEvalResult } from './docs-eval.js';
import { renderSiteParity } from './site-parity.js';
import { WARM_UP_CALLS } from './http-load.js';
import { renderThreeWay } from './three-way-report.js';
import { SERVERS } from './three-way-questions.js';
import { produced, type BenchResults, type Section, type Target } from './results.js';
import { ratio, round, type Summary } from './stats.js';

export const REPRODUCE = 'npm run bench';

export function renderMarkdown(results: BenchResults): string {
  return [
    '# Benchmark: prefect-mcp vs Prefect\'s official MCP server',
    '',
    `Reproduce with \`${REPRODUCE}\` (sets up everything itself: a seeded real Prefect server, the official server in \`.venv-bench/\`, our docs index)${results.totalSeconds ? `; this run took ${formatDuration(results.totalSeconds)}` : ''}.`,
    '',
    ...setupSection(results),
    ...targetsSection(results.targets),
    ...coldStartSection(results),
    ...apiSection(results),
    ...renderThreeWay(results.threeWay),
    ...memorySection(results),
    ...docsSection(results),
    ...httpSection(results),
    ...renderCliBench(results.cli ?? { notProduced: 'not run' }),
    ...generic('Indexer benchmark (bench/indexer.ts)', results.indexer),
    ...siteParitySection(results),
    ...hardeningSection(results),
    ...interpretation(results),
  ].join('\n');
}

function setupSection(results: BenchResults): string[] {
  const { machine, versions, settings, setup } = results;
  return [
    '## Setup',
    '',
    '| | |',
    '| --- | --- |',
    `| date | ${machine.date} |`,
    `| machine | ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, ${machine.kernel} |`,
    `| load average (1 min) | ${machine.loadAverage.start} at the start, ${machine.loadAverage.end ?? '?'} at the end (2 cores: above 2 means other work competed for the CPU) |`,
    `| Node | ${machine.node} |`,
    `| Python | ${machine.python} |`,
    `| Prefect server | ${versions.prefectServer ?? 'unknown'} (\`prefect server start\`, SQLite, loopback; started in ${setup.prefectServerStartupS} s, seeded in ${setup.seedS} s) |`,
    `| ours | prefect-mcp ${versions.ours} (Node, \`node dist/bin/prefect-mcp.js\`) |`,
    `| theirs | prefect-mcp ${versions.theirs ?? 'unknown'} from PyPI (\`prefect-mcp-server\`, FastMCP ${versions.fastmcp ?? '?'}, mcp ${versions.mcpPython ?? '?'}) |`,
    '',
    `Both servers are driven through the same MCP SDK \`Client\` over stdio, against the same seeded Prefect server, with runs and calls alternating A/B then B/A. Cold start: ${settings.coldStartRuns} runs each after one untimed warm-up. API tools: ${settings.callsPerTool} calls per question per server after 3 warm-up calls, same limits on both sides. search_docs: ${plural(settings.searchPasses, 'pass', 'passes')} over the dev question set. HTTP: ${settings.httpConcurrency.join(' and ')} concurrent clients, ${settings.httpSeconds} s per run, after ${WARM_UP_CALLS} warm-up calls per tool. No internet: every address is loopback.`,
    '',
  ];
}

function targetsSection(targets: Target[]): string[] {
  return [
    '## Targets',
    '',
    '| figure | target | this run | met | missed by |',
    '| --- | --- | --- | --- | --- |',
    ...targets.map((t) => `| ${t.name} | ${t.target} | ${t.actual} | ${t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'} | ${t.miss || '-'} |`),
    '',
  ];
}

function coldStartSection(results: BenchResults): string[] {
  const cold = produced(results.coldStart);
  if (!cold) return notProduced('Cold start', results.coldStart);
  const row = (name: string, side: typeof cold.ours) =>
    `| ${name} | ${ms(side.initializeMs)} | ${ms(side.toolsListMs)} | ${side.tools.length} | ${side.errors.length ? side.errors.join('; ') : '0'} |`;
  return [
    '## Cold start: spawn → initialize → tools/list',
    '',
    '| server | spawn → initialize (median / p95) | spawn → tools/list (median / p95) | tools listed | errors |',
    '| --- | --- | --- | --- | --- |',
    row('ours', cold.ours),
    row('theirs', cold.theirs),
    `| ratio ours/theirs | ${ratio(cold.ours.initializeMs.median, cold.theirs.initializeMs.median)} | ${ratio(cold.ours.toolsListMs.median, cold.theirs.toolsListMs.median)} | | |`,
    '',
    'Target: cold start >= 8x faster than the official server.',
    '',
  ];
}

function apiSection(results: BenchResults): string[] {
  const api = produced(results.apiTools);
  if (!api) return notProduced('API tools', results.apiTools);
  const latencyRow = (q: ApiQuestionResult) =>
    `| ${q.label} | \`${q.ours.tool}\` ${ms(q.ours.latencyMs)}${errors(q.ours)} | \`${q.theirs.tool}\` ${ms(q.theirs.latencyMs)}${errors(q.theirs)} | ${ratio(q.ours.latencyMs.median, q.theirs.latencyMs.median) ?? 'n/a'} |`;
  const size = (side: ToolSide) =>
    side.size
      ? `${side.size.textBytes} / ${side.size.structuredBytes} / **${side.size.totalBytes}** B, ~${side.size.estTokens} tok${side.size.objects !== null ? `, ${side.size.objects} obj, ${side.size.bytesPerObject ?? '-'} B/obj` : ''}`
      : 'no successful call';
  const sizeRow = (q: ApiQuestionResult) =>
    `| ${q.label} | ${size(q.ours)} | ${size(q.theirs)} | ${q.ours.size && q.theirs.size ? ratio(q.ours.size.totalBytes, q.theirs.size.totalBytes) : 'n/a'} |`;
  const args = (q: ApiQuestionResult) => `| ${q.label} | \`${JSON.stringify(q.ours.arguments)}\` | \`${JSON.stringify(q.theirs.arguments)}\` |`;
  return [
    '## API tools: the same five questions',
    '',
    '| question | ours: arguments | theirs: arguments |',
    '| --- | --- | --- |',
    ...api.questions.map(args),
    '',
    '### Latency (client round trip; median / p95)',
    '',
    '| question | ours | theirs | ratio ours/theirs (median) |',
    '| --- | --- | --- | --- |',
    ...api.questions.map(latencyRow),
    '',
    '### Response size (text / structuredContent / total bytes; tokens ≈ chars / 4)',
    '',
    '| question | ours | theirs | ratio ours/theirs (total) |',
    '| --- | --- | --- | --- |',
    ...api.questions.map(sizeRow),
    '',
    'Target: our responses <= 50% of theirs in bytes for the same information.',
    '',
    '### Fields per listed object (what each side says about one object)',
    '',
    '| question | ours | theirs |',
    '| --- | --- | --- |',
    ...api.questions.filter((q) => q.ours.size?.fields.length || q.theirs.size?.fields.length).map((q) => `| ${q.label} | ${q.ours.size?.fields.join(', ') || '-'} | ${q.theirs.size?.fields.join(', ') || '-'} |`),
    '',
    ...failureNotes(api.questions),
  ];
}

function failureNotes(questions: ApiQuestionResult[]): string[] {
  const notes = questions.flatMap((q) =>
    (['ours', 'theirs'] as const)
      .filter((side) => q[side].errors > 0)
      .map((side) => `- ${side} \`${q[side].tool}\` (${q.label}): ${q[side].errors}/${q[side].calls} calls failed; first error: ${oneLine(q[side].firstError ?? '')}`),
  );
  return notes.length ? ['Failed calls:', '', ...notes, ''] : [];
}

function memorySection(results: BenchResults): string[] {
  const api = produced(results.apiTools);
  const search = produced(results.docs.ours.search);
  const http = produced(results.httpLoad);
  return [
    '## Peak memory (VmHWM, summed over the server process and its children)',
    '',
    '| server, workload | peak RSS |',
    '| --- | --- |',
    `| ours, stdio, API session above | ${mib(api?.peakRssMib.ours)} (${plural(api?.processes.ours ?? 0, 'process', 'processes')}) |`,
    `| theirs, stdio, API session above | ${mib(api?.peakRssMib.theirs)} (${plural(api?.processes.theirs ?? 0, 'process', 'processes')}) |`,
    `| ours, stdio, docs index loaded, search_docs session | ${mib(search?.peakRssMib)} |`,
    `| ours, HTTP, whole load test | ${mib(http?.peakRssMib)} |`,
    '',
    `Ratio ours/theirs (API session): ${api ? ratio(api.peakRssMib.ours, api.peakRssMib.theirs) ?? 'n/a' : 'n/a'}.`,
    '',
  ];
}

function docsSection(results: BenchResults): string[] {
  const build = produced(results.docs.ours.indexBuild);
  const search = produced(results.docs.ours.search);
  const offline = produced(results.docs.theirsOffline);
  const lines = ['## Docs', '', '### Ours: offline index', ''];
  lines.push(build ? `- index build from the local docs checkout: **${build.seconds} s** (${build.summary.join('; ')})` : `- index build: not produced (${(results.docs.ours.indexBuild as { notProduced: string }).notProduced})`);
  lines.push(
    search
      ? `- \`search_docs\` over stdio, ${search.questions} dev questions x ${plural(search.passes, 'pass', 'passes')}: p50 **${search.searchMs.median} ms**, p95 **${search.searchMs.p95} ms**, p99 ${search.searchMs.p99} ms (targets: p50 <= 3 ms, p95 <= 10 ms); ${search.errors} errors${search.firstError ? ` (first: ${oneLine(search.firstError)})` : ''}`
      : `- search_docs: not produced (${(results.docs.ours.search as { notProduced: string }).notProduced})`,
  );
  lines.push(`- peak RSS with the index loaded: ${mib(search?.peakRssMib)}`, '');
  lines.push(...retrievalLines(results.retrieval));
  lines.push(...docsEvalLines(results.docsEval));
  lines.push('### Theirs: docs with no internet', '');
  if (!offline) {
    lines.push(`Not produced: ${(results.docs.theirsOffline as { notProduced: string }).notProduced}`, '');
    return lines;
  }
  lines.push(
    'Their docs tools (`docs_*`) are a proxy to a remote docs MCP server. The tool its instructions recommend, `docs_search_prefect`, was called directly in each situation:',
    '',
    '| situation | spawn → initialize | tools/list | docs tools listed | docs_search_prefect | outcome |',
    '| --- | --- | --- | --- | --- | --- |',
    ...offline.map(
      (s) =>
        `| ${s.scenario} | ${s.initializeMs ?? '-'} ms | ${s.toolsListMs ?? '-'} ms | ${s.docsToolsListed.length ? s.docsToolsListed.join(', ') : 'none'} | ${s.docsCallMs ?? '-'} ms | ${oneLine(s.error ?? s.docsCallOutcome)} |`,
    ),
    '',
    ...offline.flatMap((s) => (s.serverLog.length ? [`Server log (${s.scenario}):`, '', ...s.serverLog.map((line) => `- \`${line}\``), ''] : [])),
  );
  return lines;
}

function retrievalLines(section: Section<RetrievalEvalResult>): string[] {
  const result = produced(section);
  const title = '### Ours: ranking per eval file and intent (bench/retrieval-eval.ts, in-process)';
  if (!result) return [title, '', `Not produced: ${(section as { notProduced: string }).notProduced}`, ''];
  return [title, '', 'Recall@5 / MRR / hit@1 of the grade-3 page. Targets for real-user questions: Recall@5 >= 0.90, MRR >= 0.80, troubleshoot hit@1 >= 0.60; docs-shaped Recall@5 >= 0.95.', '', renderRetrieval(result)];
}

function docsEvalLines(section: Section<Record<string, unknown>>): string[] {
  const evalResult = produced(section) as DocsEvalResult | undefined;
  if (!evalResult) return [`### Ours: retrieval quality (bench/docs-eval.ts)`, '', `Not produced: ${(section as { notProduced: string }).notProduced}`, ''];
  const coverage = evalResult.coverage;
  return [
    `### Ours: retrieval quality (bench/docs-eval.ts, ${evalResult.questions} dev questions, in-process)`,
    '',
    `- Recall@5 ${evalResult.recallAt5}, MRR ${evalResult.mrr}`,
    ...Object.entries(evalResult.hitAt1ByIntent).map(([intent, v]) => `- ${intent}: hit@1 ${v.hitAt1}, Recall@5 ${v.recallAt5} (n=${v.n})`),
    `- default search_docs text response: avg ${evalResult.avgResponseBytes} B, max ${evalResult.maxResponseBytes} B`,
    `- search handler latency, in-process (no MCP transport): p50 ${evalResult.latencyMs.p50} ms, p95 ${evalResult.latencyMs.p95} ms`,
    `- CLI questions resolved with every flag: ${evalResult.cli.filter((c) => c.resolved).length}/${evalResult.cli.length}`,
    coverage ? ('error' in coverage ? `- CLI coverage: ${coverage.error}` : `- CLI coverage: ${coverage.installedCommands} installed \`prefect\` commands, ${coverage.missingFromIndex.length} missing from the index`) : '- CLI coverage: skipped',
    '',
  ];
}

function httpSection(results: BenchResults): string[] {
  const http = produced(results.httpLoad);
  if (!http) return notProduced('HTTP transport under load', results.httpLoad);
  return [
    '## HTTP transport under load (ours, Streamable HTTP on loopback)',
    '',
    '| tool | concurrent clients | seconds | requests | req/s | median | p99 | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...http.runs.map((r) => `| \`${r.tool}\` | ${r.concurrency} | ${r.seconds} | ${r.requests} | **${r.requestsPerSecond}** | ${r.latencyMs.median} ms | ${r.latencyMs.p99} ms | ${r.errors}${r.firstError ? ` (${oneLine(r.firstError)})` : ''} |`),
    '',
    'Target: >= 500 search_docs req/s on 2 cores with 0 errors. The load generator (the SDK clients) runs on the same 2 cores as the server. The official server was not load-tested: it serves stdio by default.',
    '',
  ];
}

function generic(title: string, section: Section<Record<string, unknown>>): string[] {
  const data = produced(section);
  if (!data) return notProduced(title, section);
  return [`## ${title}`, '', '| figure | value |', '| --- | --- |', ...flatten(data).map(([key, value]) => `| ${key} | ${value} |`), ''];
}

function interpretation(results: BenchResults): string[] {
  const lines: string[] = [];
  const cold = produced(results.coldStart);
  if (cold) {
    const speedup = ratio(cold.theirs.toolsListMs.median, cold.ours.toolsListMs.median);
    lines.push(
      `- **Cold start.** Ours is ready (tools listed) in ${cold.ours.toolsListMs.median} ms, theirs in ${cold.theirs.toolsListMs.median} ms: ${speedup}x ${speedup !== null && speedup >= 1 ? 'faster' : 'slower'}. Ours spends ${cold.ours.initializeMs.median} ms before initialize is answered (Node loading its modules) and the rest listing ${cold.ours.tools.length} tools with their JSON Schemas. Most of theirs is importing Python (Prefect, FastMCP, pydantic); its tools/list also tries to reach the remote docs server each time, which fails fast here only because DNS fails at once.`,
    );
  }
  const api = produced(results.apiTools);
  const search = produced(results.docs.ours.search);
  if (api) {
    const slower = api.questions.filter((q) => (ratio(q.ours.latencyMs.median, q.theirs.latencyMs.median) ?? 0) > 1);
    const larger = api.questions.filter((q) => q.ours.size && q.theirs.size && q.ours.size.totalBytes > q.theirs.size.totalBytes * 0.5);
    const failing = api.questions.flatMap((q) => (['ours', 'theirs'] as const).filter((side) => q[side].errors > 0).map((side) => `${side} ${q[side].tool}`));
    lines.push(
      `- **API latency.** Both servers spend most of a call waiting on the same Prefect server. ${slower.length ? `Ours is slower on: ${slower.map((q) => `${q.label} (${ratio(q.ours.latencyMs.median, q.theirs.latencyMs.median)}x)`).join(', ')}; the fields table shows what ours gathers there beyond theirs.` : 'Ours is not slower on any of the five questions.'}`,
      `- **Response size.** ${larger.length ? `Ours misses the 50% target on: ${larger.map((q) => `${q.label} (${round((q.ours.size!.totalBytes / q.theirs.size!.totalBytes) * 100, 0)}%)`).join(', ')}.` : 'Ours is at or under half of theirs on every question.'} Where ours is larger, the fields table shows what it adds per object. Both servers send the payload twice (a text rendering and structuredContent); which one reaches the model depends on the client, so the table shows both.`,
    );
    if (failing.length) lines.push(`- **Failed calls.** ${failing.join(', ')}: see the notes under the API tables; a failed question has no size or latency figure.`);
    const rssRatio = ratio(api.peakRssMib.ours, api.peakRssMib.theirs);
    if (rssRatio !== null) lines.push(`- **Memory.** Ours peaks at ${mib(api.peakRssMib.ours)} against ${mib(api.peakRssMib.theirs)} for theirs (${rssRatio}x): ours is ${rssRatio > 1 ? 'larger' : 'smaller'} in the API session${search?.peakRssMib ? `, and ${mib(search.peakRssMib)} with the docs index loaded, which theirs does not hold at all` : ''}.`);
  }
  const handler = (produced(results.docsEval) as DocsEvalResult | undefined)?.latencyMs;
  if (search && search.searchMs.n > 0) {
    lines.push(
      `- **search_docs.** p50 ${search.searchMs.median} ms / p95 ${search.searchMs.p95} ms as a client sees it over stdio (targets 3 / 10 ms)${handler ? `; the search handler alone, in-process, takes p50 ${handler.p50} ms / p95 ${handler.p95} ms, so ${handler.p50 >= search.searchMs.median * 0.5 ? 'most of the time is the search itself, not the MCP transport' : 'most of the time is the MCP round trip, not the search'}` : ''}.`,
    );
  }
  const offline = produced(results.docs.theirsOffline);
  if (offline) {
    const swallowed = offline[1];
    lines.push(
      `- **Docs offline.** Theirs has no docs without internet: its docs tools drop out of tools/list and \`docs_search_prefect\` answers "Unknown tool"${swallowed?.toolsListMs ? `; where the network swallows connections instead of refusing them, every tools/list waits ${round(swallowed.toolsListMs / 1000, 1)} s and the docs call ${round((swallowed.docsCallMs ?? 0) / 1000, 1)} s before giving up` : ''}. Ours answers from a local index.`,
    );
  }
  const http = produced(results.httpLoad);
  if (http) {
    const best = Math.max(...http.runs.filter((r) => r.tool === 'search_docs').map((r) => r.requestsPerSecond));
    const flowRuns = http.runs.filter((r) => r.tool === 'get_flow_runs').map((r) => r.requestsPerSecond);
    lines.push(
      `- **HTTP.** search_docs peaks at ${best} req/s with client and server sharing 2 cores (the stateless transport builds a server per request). get_flow_runs reaches ${flowRuns.join(' / ')} req/s, bounded by the Prefect server it calls.`,
    );
  }
  return ['## Interpretation', '', ...lines, ''];
}

/** Short lines for stdout. */
export function renderSummary(results: BenchResults): string {
  const lines = ['', 'prefect-mcp bench', ...results.targets.map((t) => `  ${t.met === null ? '  -' : t.met ? ' ok' : 'MISS'}  ${t.name}: ${t.actual} (target ${t.target})${t.miss ? ` — missed by ${t.miss}` : ''}`)];
  const cold = produced(results.coldStart);
  if (cold) lines.push(`  cold start median: ours ${cold.ours.toolsListMs.median} ms, theirs ${cold.theirs.toolsListMs.median} ms`);
  for (const q of produced(results.apiTools)?.questions ?? []) {
    lines.push(`  ${q.label}: ours ${q.ours.latencyMs.median} ms ${q.ours.size?.totalBytes ?? '-'} B${q.ours.errors ? ` (${q.ours.errors} errors)` : ''}; theirs ${q.theirs.latencyMs.median} ms ${q.theirs.size?.totalBytes ?? '-'} B${q.theirs.errors ? ` (${q.theirs.errors} errors)` : ''}`);
  }
  const api = produced(results.apiTools);
  if (api) lines.push(`  peak RSS: ours ${mib(api.peakRssMib.ours)}, theirs ${mib(api.peakRssMib.theirs)}`);
  const threeWay = produced(results.threeWay);
  if (threeWay) lines.push(`  three-way exact answers: ${SERVERS.map((s) => `${s} ${threeWay.questions.filter((q) => q.answers[s].verdict === 'exact').length}/${threeWay.questions.length}`).join(', ')}`);
  for (const s of produced(results.docs.theirsOffline) ?? []) lines.push(`  theirs docs offline, ${s.scenario}: tools/list ${s.toolsListMs} ms, docs call ${s.docsCallMs} ms: ${oneLine(s.error ?? s.docsCallOutcome).slice(0, 80)}`);
  for (const r of produced(results.httpLoad)?.runs ?? []) lines.push(`  HTTP ${r.tool} x${r.concurrency}: ${r.requestsPerSecond} req/s, p99 ${r.latencyMs.p99} ms, ${r.errors} errors`);
  const retrieval = produced(results.retrieval);
  if (retrieval) lines.push('', renderRetrieval(retrieval));
  for (const [name, section] of [['indexer', results.indexer], ['retrieval', results.retrieval], ['docs-eval', results.docsEval]] as const) {
    if (!produced(section)) lines.push(`  ${name}: section not produced: ${(section as { notProduced: string }).notProduced}`);
  }
  return lines.join('\n') + '\n';
}

function siteParitySection(results: BenchResults): string[] {
  if (!results.siteParity) return [];
  const data = produced(results.siteParity);
  return data ? renderSiteParity(data) : notProduced('Live-site parity (bench/site-parity.ts)', results.siteParity);
}

function notProduced(title: string, section: Section<object>): string[] {
  return [`## ${title}`, '', `Not produced: ${(section as { notProduced: string }).notProduced}`, ''];
}

function flatten(value: unknown, prefix = ''): Array<[string, string]> {
  if (value === null || typeof value !== 'object') return [[prefix, String(value)]];
  if (Array.isArray(value)) return [[prefix, value.every((item) => typeof item !== 'object') ? value.join(', ') || '(none)' : `${value.length} items`]];
  return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
}

function ms(summary: Summary): string {
  return summary.n ? `${summary.median} / ${summary.p95} ms` : 'n/a';
}

function mib(value: number | null | undefined): string {
  return value == null ? 'n/a' : `${value} MiB`;
}

function errors(side: ToolSide): string {
  return side.errors ? ` (${side.errors} errors)` : '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim().slice(0, 240);
}

function formatDuration(seconds: number): string {
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function hardeningSection(results: BenchResults): string[] {
  const data = produced(results.hardening);
  return data ? renderHardening(data) : notProduced('Hardening (bench/hardening.ts)', results.hardening ?? { notProduced: 'not run' });
}
