/**
 * A seeded fuzzer over every tool's input schema, driven through a real MCP client: each call
 * gets arguments built from the tool's advertised JSON schema, mutated towards what breaks
 * servers (wrong types, huge strings, odd unicode, nulls, deep objects, random ids, extra keys).
 * It records what must never happen: a crash (the connection drops), a hang (a call past its
 * deadline), an internal error ("prefect-mcp bug"), oversized answers, and the server's memory.
 * Used by test/e2e/fuzz.test.ts (~1,000 calls) and bench/fuzz.ts (10,000).
 */
import { readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** Mulberry32: small, fast and seedable, so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Schema = Record<string, unknown>;

/** Arguments per request, serialized: well under the stdio transport's 10 MiB line limit. */
const MAX_REQUEST_CHARS = 4 * 1024 * 1024;

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\n\r\t',
  'ünïcödé ✓ 你好 🚀',
  '\u202e\u200b\ufeff',
  '\ud800',
  '"; DROP TABLE flows; --',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '%00%ff',
  '${jndi:ldap://x}',
  'prefect deployment run',
  'FAILED',
  'late',
  '2h',
  '0m',
  '-5d',
  '2026-13-45T99:99:99Z',
  '1970-01-01T00:00:00Z',
  'https://docs.prefect.io/v3/concepts/flows#anchor',
  '/v3/concepts/flows',
  'flow/deployment',
  'a'.repeat(199),
];

export interface FuzzOptions {
  client: Client;
  /** The server's pid, for its resident memory. */
  pid: number | null;
  calls: number;
  seed: number;
  /** A call still unanswered after this long counts as a hang (and is abandoned). */
  hangMs: number;
  /** Called every `every` calls, e.g. to print progress. */
  onProgress?: (done: number) => void;
}

export interface FuzzReport {
  seed: number;
  calls: number;
  /** Calls answered (tool result or protocol error) before their deadline. */
  answered: number;
  isError: number;
  /** Protocol-level errors (JSON-RPC errors, e.g. an unknown tool): answered, but not as a tool result. */
  protocolErrors: number;
  crashes: number;
  hangs: number;
  internalErrors: number;
  internalErrorSamples: string[];
  /** Longest text content of any answer, and how many answers exceeded 20,000 characters. */
  maxResultChars: number;
  resultsOver20k: number;
  rssStartMb: number | null;
  rssEndMb: number | null;
  rssPeakMb: number | null;
  seconds: number;
}

export function rssMb(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export async function fuzzTools(options: FuzzOptions): Promise<FuzzReport> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const uuid = () => 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(random() * 16).toString(16));

  const hugeString = () => pick(['w', 'ab ', 'ü', '🚀', 'prefect ']).repeat(pick([1_000, 10_000, 65_000, 200_000]));
  const wrongValue = (): unknown => pick([null, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 3.5, true, false, [], {}, [null], { a: { b: { c: [1, 2, { d: null }] } } }, uuid(), hugeString()]);
  const deepObject = (depth: number): unknown => (depth === 0 ? pick(ODD_STRINGS) : { [pick(['a', 'flows', 'any_', '$ne', '__proto__'])]: deepObject(depth - 1) });

  const valueFor = (schema: Schema | undefined, depth = 0): unknown => {
    const roll = random();
    if (!schema || roll < 0.12) return wrongValue();
    if (roll < 0.17) return hugeString();
    if (Array.isArray(schema.enum)) return random() < 0.8 ? pick(schema.enum) : pick(ODD_STRINGS);
    const anyOf = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (anyOf) return valueFor(pick(anyOf), depth);
    const type = Array.isArray(schema.type) ? pick(schema.type as string[]) : schema.type;
    switch (type) {
      case 'string':
        return random() < 0.3 ? uuid() : pick(ODD_STRINGS);
      case 'integer':
      case 'number': {
        const max = typeof schema.maximum === 'number' ? schema.maximum : 1000;
        return pick([0, 1, 5, max, max + 1, -3, Math.floor(random() * Math.min(max, 1e6))]);
      }
      case 'boolean':
        return random() < 0.5;
      case 'array':
        return Array.from({ length: pick([0, 1, 3, 101, 1000]) }, () => valueFor(schema.items as Schema, depth + 1));
      case 'object':
        if (schema.properties) return argsFor(schema, depth + 1);
        return depth > 2 ? {} : deepObject(pick([1, 3, 20, 200]));
      default:
        return wrongValue();
    }
  };

  const argsFor = (schema: Schema, depth = 0): Record<string, unknown> => {
    const args: Record<string, unknown> = {};
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [key, inner] of Object.entries(properties)) {
      if (random() < 0.45) args[key] = valueFor(inner, depth);
    }
    if (random() < 0.05) args[pick(['unknown_key', '__proto__', 'constructor', ''])] = wrongValue();
    return args;
  };

  const { tools } = await options.client.listTools();
  const report: FuzzReport = {
    seed: options.seed,
    calls: 0,
    answered: 0,
    isError: 0,
    protocolErrors: 0,
    crashes: 0,
    hangs: 0,
    internalErrors: 0,
    internalErrorSamples: [],
    maxResultChars: 0,
    resultsOver20k: 0,
    rssStartMb: rssMb(options.pid),
    rssEndMb: null,
    rssPeakMb: rssMb(options.pid),
    seconds: 0,
  };
  const started = performance.now();
  for (let i = 0; i < options.calls; i++) {
    const tool: Tool = random() < 0.01 ? { name: pick(['no_such_tool', '', 'x'.repeat(300)]), inputSchema: { type: 'object' } } : pick(tools);
    const args = argsFor(tool.inputSchema as Schema);
    // Past the transport's 10 MiB line limit the session is closed by design (e2e/input-edges covers
    // that): the fuzzer keeps each request below it, dropping its largest arguments.
    while (JSON.stringify(args).length > MAX_REQUEST_CHARS) {
      const largest = Object.keys(args).sort((a, b) => JSON.stringify(args[b]).length - JSON.stringify(args[a]).length)[0]!;
      delete args[largest];
    }
    report.calls++;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), options.hangMs)));
    const call = options.client.callTool({ name: tool.name, arguments: args }, undefined, { timeout: options.hangMs * 2 }).then(
      (result) => ({ result }),
      (error: Error) => ({ error }),
    );
    const outcome = await Promise.race([call, deadline]);
    clearTimeout(timer);
    if (outcome === 'hang') {
      report.hangs++;
      continue;
    }
    if ('error' in outcome) {
      // A dropped connection is a crash; a JSON-RPC error is an answer.
      if (/closed|EPIPE|not connected/i.test(outcome.error.message)) {
        report.crashes++;
        break;
      }
      report.protocolErrors++;
      report.answered++;
      if (/prefect-mcp bug/.test(outcome.error.message)) report.internalErrors++;
      continue;
    }
    report.answered++;
    const result = outcome.result as { isError?: boolean; content?: Array<{ type: string; text?: string }> };
    if (result.isError) report.isError++;
    const text = (result.content ?? []).map((item) => item.text ?? '').join('\n');
    report.maxResultChars = Math.max(report.maxResultChars, text.length);
    if (text.length > 20_000) report.resultsOver20k++;
    if (/prefect-mcp bug/.test(text)) {
      report.internalErrors++;
      if (report.internalErrorSamples.length < 5) report.internalErrorSamples.push(`${tool.name} ${JSON.stringify(args).slice(0, 300)} → ${text.slice(0, 400)}`);
    }
    if (i % 50 === 0) report.rssPeakMb = Math.max(report.rssPeakMb ?? 0, rssMb(options.pid) ?? 0);
    if (options.onProgress && i % 500 === 499) options.onProgress(i + 1);
  }
  report.rssEndMb = rssMb(options.pid);
  report.rssPeakMb = Math.max(report.rssPeakMb ?? 0, report.rssEndMb ?? 0);
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}
