/**
 * Three-way comparison on one seeded Prefect server: prefect-mcp (ours), Prefect's official
 * `prefect-mcp` and the community `prefect-mcp-server` 1.1.3. Cold start (A/B/C rotated run by run),
 * the same questions with every answer judged against the seeded truth (which objects came back,
 * not whether the call succeeded), response bytes, and the write tools: which each server lists,
 * and what calling them against the objects reserved for writes does, checked on the server.
 * Runs after every read-only section: its write calls change the seeded server.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SeedManifest } from '../test/bed/seed-manifest.js';
import { coldStartOnce } from './cold-start.js';
import { responseSize } from './response-size.js';
import { openSession, type ServerSpec } from './servers.js';
import { summarize, type Summary } from './stats.js';
import { SERVERS, threeWayQuestions, type Server, type ThreeWayQuestion } from './three-way-questions.js';
import { timedCall } from './timed-call.js';
import { benchWrites, type WriteSide } from './three-way-writes.js';

export interface Answer {
  tool: string;
  arguments: Record<string, unknown>;
  /** The call's error (thrown, isError, or an `error` field in a successful result). */
  error: string | null;
  /** Objects listed (top-level ids). */
  returned: number;
  missing: string[];
  /** Listed objects that are not in the truth. */
  extra: number;
  /** exact: the truth and nothing else; superset: all of it plus others; partial; wrong: none of it; error. */
  verdict: 'exact' | 'superset' | 'partial' | 'wrong' | 'error';
  totalBytes: number | null;
  latencyMs: Summary;
}

export interface ThreeWayResult {
  versions: Record<Server, string | null>;
  coldStart: Record<Server, { initializeMs: Summary; toolsListMs: Summary; tools: number; errors: string[] }>;
  questions: Array<{ id: string; label: string; truth: string[]; expected: number; answers: Record<Server, Answer>; notes: Partial<Record<Server, string>> }>;
  writes: WriteSide[];
}

export interface ThreeWaySettings {
  coldStartRuns: number;
  callsPerQuestion: number;
}

export async function benchThreeWay(
  specs: Record<Server, ServerSpec>,
  versions: Record<Server, string | null>,
  seed: SeedManifest,
  apiUrl: string,
  settings: ThreeWaySettings,
  progress: (line: string) => void,
): Promise<ThreeWayResult> {
  const coldStart = await threeWayColdStart(specs, settings.coldStartRuns, progress);
  const questions = threeWayQuestions(seed);
  const answers = await askAll(specs, questions, settings.callsPerQuestion);
  progress('three-way: questions done; write tools...');
  const writes = await benchWrites(specs, seed, apiUrl);
  return {
    versions,
    coldStart,
    questions: questions.map((q) => ({ id: q.id, label: q.label, truth: q.truthNames, expected: q.truthIds.length, answers: answers.get(q.id)!, notes: q.notes ?? {} })),
    writes,
  };
}

async function threeWayColdStart(specs: Record<Server, ServerSpec>, runs: number, progress: (line: string) => void): Promise<ThreeWayResult['coldStart']> {
  const samples = Object.fromEntries(SERVERS.map((s) => [s, [] as Array<{ initializeMs: number; totalMs: number; tools: number }>])) as Record<Server, Array<{ initializeMs: number; totalMs: number; tools: number }>>;
  const errors = Object.fromEntries(SERVERS.map((s) => [s, [] as string[]])) as Record<Server, string[]>;
  // One untimed round warms the file cache; then the order rotates so each server goes first equally often.
  for (let run = -1; run < runs; run++) {
    const shift = ((run % SERVERS.length) + SERVERS.length) % SERVERS.length;
    for (const server of [...SERVERS.slice(shift), ...SERVERS.slice(0, shift)]) {
      try {
        const sample = await coldStartOnce(specs[server]);
        if (run >= 0) samples[server].push({ initializeMs: sample.initializeMs, totalMs: sample.totalMs, tools: sample.tools.length });
      } catch (error) {
        errors[server].push((error as Error).message.split('\n')[0]!);
      }
    }
    if (run >= 0) progress(`three-way cold start ${run + 1}/${runs}`);
  }
  return Object.fromEntries(
    SERVERS.map((s) => [
      s,
      {
        initializeMs: summarize(samples[s].map((x) => x.initializeMs)),
        toolsListMs: summarize(samples[s].map((x) => x.totalMs)),
        tools: samples[s][0]?.tools ?? 0,
        errors: errors[s],
      },
    ]),
  ) as ThreeWayResult['coldStart'];
}

async function askAll(specs: Record<Server, ServerSpec>, questions: ThreeWayQuestion[], calls: number): Promise<Map<string, Record<Server, Answer>>> {
  const answers = new Map<string, Record<Server, Answer>>(questions.map((q) => [q.id, {} as Record<Server, Answer>]));
  for (const server of SERVERS) {
    const session = await openSession(specs[server]);
    try {
      for (const question of questions) {
        const call = question.calls[server];
        const first = await timedCall(session.client, call);
        const times = [first.ms];
        for (let i = 1; i < calls; i++) times.push((await timedCall(session.client, call)).ms);
        answers.get(question.id)![server] = judge(question, call, first.ok ? first.result : (first.result ?? null), first.ok ? null : first.error, summarize(times));
      }
    } finally {
      await session.close();
    }
  }
  return answers;
}

export function judge(question: ThreeWayQuestion, call: { name: string; arguments: Record<string, unknown> }, result: CallToolResult | null, callError: string | null, latencyMs: Summary): Answer {
  const base = { tool: call.name, arguments: call.arguments, latencyMs, totalBytes: result ? responseSize(result).totalBytes : null };
  const payload = result ? payloadOf(result) : null;
  const error = callError ?? bodyError(payload);
  if (error !== null) return { ...base, error, returned: 0, missing: question.truthNames, extra: 0, verdict: 'error' };
  const ids = listedIds(payload);
  const truth = new Set(question.truthIds);
  const found = question.truthIds.filter((id) => ids.includes(id));
  const missing = question.truthIds.filter((id) => !ids.includes(id)).map((id) => question.truthNames[question.truthIds.indexOf(id)] ?? id);
  const extra = ids.filter((id) => !truth.has(id)).length;
  const verdict = found.length === truth.size ? (extra === 0 ? 'exact' : 'superset') : found.length > 0 ? 'partial' : 'wrong';
  return { ...base, error: null, returned: ids.length, missing: question.truthIds.length === found.length ? [] : missing, extra, verdict };
}

/** The result as data: structuredContent (unwrapped from FastMCP's `result`), else the JSON text. */
function payloadOf(result: CallToolResult): unknown {
  const structured = result.structuredContent as Record<string, unknown> | undefined;
  if (structured) return 'result' in structured && Object.keys(structured).length === 1 ? structured.result : structured;
  for (const part of result.content) {
    if (part.type !== 'text') continue;
    try {
      return JSON.parse(part.text);
    } catch {
      // prose
    }
  }
  return null;
}

function bodyError(payload: unknown): string | null {
  const error = (payload as { error?: unknown } | null)?.error;
  return typeof error === 'string' ? error : null;
}

const LIST_KEYS = ['flows', 'flow_runs', 'deployments'];
const ONE_KEYS = ['flow', 'flow_run', 'deployment'];

/** Ids of the objects the answer lists: the items of its list, or its one object; not ids nested in them. */
function listedIds(payload: unknown): string[] {
  if (Array.isArray(payload)) return payload.map(idOf).filter((id): id is string => id !== null);
  const record = payload as Record<string, unknown> | null;
  if (!record) return [];
  for (const key of LIST_KEYS) if (Array.isArray(record[key])) return (record[key] as unknown[]).map(idOf).filter((id): id is string => id !== null);
  for (const key of ONE_KEYS) if (record[key] && typeof record[key] === 'object') return [idOf(record[key])].filter((id): id is string => id !== null);
  return [];
}

function idOf(item: unknown): string | null {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}
