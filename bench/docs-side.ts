/**
 * Docs on each side.
 * Ours: search_docs round trips over stdio for every question of the dev set (several passes,
 * after one warm-up pass), and the server's peak RSS with the index loaded.
 * Theirs: its docs tools proxy a remote docs MCP server, so with no internet we record what
 * actually happens, in two offline situations:
 *   - as here: DNS fails at once (no resolver route);
 *   - a network that swallows connections (firewall dropping packets, captive portal), played by a
 *     loopback TCP listener that accepts and never answers, set as PREFECT_DOCS_MCP_URL.
 * In each we time tools/list, look for its docs tools, and call `docs_search_prefect` (the tool
 * its own instructions point to) directly.
 */
import { createServer, type Socket } from 'node:net';
import { openSession, type ServerSpec } from './servers.js';
import { summarize, type Summary } from './stats.js';
import { timedCall } from './timed-call.js';

export const THEIR_DOCS_TOOL = 'docs_search_prefect';

export interface OurDocsResult {
  questions: number;
  passes: number;
  searchMs: Summary;
  errors: number;
  firstError?: string;
  peakRssMib: number | null;
}

export async function benchOurSearch(spec: ServerSpec, questions: string[], passes: number): Promise<OurDocsResult> {
  const session = await openSession(spec);
  try {
    const latencies: number[] = [];
    const failures: string[] = [];
    for (let pass = -1; pass < passes; pass++) {
      for (const query of questions) {
        const outcome = await timedCall(session.client, { name: 'search_docs', arguments: { query } });
        if (pass < 0) continue;
        if (outcome.ok) latencies.push(outcome.ms);
        else failures.push(outcome.error);
      }
    }
    return {
      questions: questions.length,
      passes,
      searchMs: summarize(latencies),
      errors: failures.length,
      ...(failures[0] ? { firstError: failures[0] } : {}),
      peakRssMib: session.rss.stop().mib,
    };
  } finally {
    await session.close();
  }
}

export interface OfflineDocsScenario {
  scenario: string;
  initializeMs: number | null;
  toolsListMs: number | null;
  docsToolsListed: string[];
  docsCallMs: number | null;
  docsCallOutcome: string;
  /** The server's own log lines about the docs proxy, trimmed. */
  serverLog: string[];
  error?: string;
}

export async function benchTheirOfflineDocs(specFor: (docsUrl?: string) => ServerSpec): Promise<OfflineDocsScenario[]> {
  const scenarios: OfflineDocsScenario[] = [await offlineScenario('DNS fails at once (this machine: no internet)', specFor())];
  const held: Socket[] = [];
  const blackhole = createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = blackhole.address() as { port: number };
    scenarios.push(await offlineScenario('connections swallowed (loopback listener that never answers)', specFor(`http://127.0.0.1:${port}/mcp`)));
  } finally {
    for (const socket of held) socket.destroy();
    blackhole.close();
  }
  return scenarios;
}

async function offlineScenario(scenario: string, spec: ServerSpec): Promise<OfflineDocsScenario> {
  const result: OfflineDocsScenario = { scenario, initializeMs: null, toolsListMs: null, docsToolsListed: [], docsCallMs: null, docsCallOutcome: 'not called', serverLog: [] };
  let session;
  try {
    session = await openSession(spec);
    result.initializeMs = Math.round(session.initializeMs);
    const started = performance.now();
    const listed = await session.client.listTools(undefined, { timeout: 60_000 });
    result.toolsListMs = Math.round(performance.now() - started);
    result.docsToolsListed = listed.tools.map((tool) => tool.name).filter((name) => name.startsWith('docs_'));
    const outcome = await timedCall(session.client, { name: THEIR_DOCS_TOOL, arguments: { query: 'how do I add retries to a task' } }, 60_000);
    result.docsCallMs = Math.round(outcome.ms);
    result.docsCallOutcome = outcome.ok ? `answered (${JSON.stringify(outcome.result.content).slice(0, 200)})` : `error: ${outcome.error}`;
  } catch (error) {
    result.error = (error as Error).message.split('\n')[0];
  } finally {
    await session?.close();
    result.serverLog = proxyLog(session?.stderr() ?? '');
  }
  return result;
}

/** FastMCP's rich log wraps lines; keep the warnings, joined back into single lines. */
function proxyLog(stderr: string): string[] {
  const entries: string[] = [];
  for (const line of stderr.split('\n')) {
    const body = line.replace(/^\[[^\]]*\]\s*/, '').replace(/\s+[\w.]+\.py:\d+\s*$/, '').trim();
    if (/^(WARNING|ERROR)\b/.test(body)) entries.push(body);
    else if (entries.length > 0 && /^\s{10,}\S/.test(line) && body && !/^(INFO|DEBUG)\b/.test(body)) entries[entries.length - 1] += ` ${body}`;
  }
  return [...new Set(entries.map((entry) => entry.replace(/\s+/g, ' ').slice(0, 300)))].slice(0, 5);
}
