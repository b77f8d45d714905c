/** get_flow_run_logs: a flow run's logs in order, filtered by minimum level, paged. */
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { resolveFlowRunId } from './refs.js';
import { fetchPage, isoUtc, MAX_LIMIT, pageFooter, pageFrom, pageOutput, parseSince, requireUuid } from './shared.js';
import { withTrimmedTraceback } from '../../prefect/traceback.js';
import { truncate } from './summaries.js';
import { caseInsensitiveEnum, MAX_COUNT, MAX_NAME_CHARS, MAX_OFFSET, optionalTime } from '../inputs.js';

const LEVELS: Record<string, number> = { DEBUG: 10, INFO: 20, WARNING: 30, WARN: 30, ERROR: 40, CRITICAL: 50 };
const LEVEL_NAMES: Record<number, string> = { 10: 'DEBUG', 20: 'INFO', 30: 'WARNING', 40: 'ERROR', 50: 'CRITICAL' };
const DEFAULT_LOG_LIMIT = 50;
/** Tracebacks matter, so messages stay long; only pathological ones are cut. */
const MAX_MESSAGE_CHARS = 4000;

function levelNumber(level: string | number | undefined): number | undefined {
  if (level === undefined) return undefined;
  if (typeof level === 'number') return level;
  const trimmed = level.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const number = LEVELS[trimmed.toUpperCase()];
  if (number === undefined) throw new ToolError(`level "${level}" is unknown: use DEBUG, INFO, WARNING, ERROR, CRITICAL or a number like 30.`);
  return number;
}

interface Log {
  name: string;
  level: number;
  message: string;
  timestamp: string;
  task_run_id: string | null;
}

export const getFlowRunLogs = defineTool({
  name: 'get_flow_run_logs',
  title: 'Read a Prefect flow run’s logs',
  description:
    'Log lines of one flow run (including its task runs) in time order: timestamp, level, logger and message. Tracebacks are trimmed to the user\'s frames and the exception (full_tracebacks: true keeps them verbatim). Filter by minimum level (e.g. "ERROR" to find the failure), a task run, text, or a time. Pages with has_more/next_offset; order="desc" reads the latest lines first.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    flow_run_id: z.string().max(MAX_NAME_CHARS).describe('The flow run id (UUID, from get_flow_runs) or its name'),
    level: z
      .union([z.string().max(MAX_NAME_CHARS), z.number().int().max(MAX_COUNT)])
      .optional()
      .describe('Minimum level: DEBUG, INFO, WARNING, ERROR, CRITICAL, or a number (10, 20, 30, 40, 50)'),
    task_run_id: z.string().max(MAX_NAME_CHARS).optional().describe('Only logs of this task run'),
    text: z.string().max(200).optional().describe('Only logs whose message matches this text search (e.g. "timeout", "error -debug")'),
    since: optionalTime().describe('Only logs at or after this time: ISO 8601 or a span ago like "30m"'),
    order: caseInsensitiveEnum(['asc', 'desc']).optional().describe('asc (default): oldest first; desc: newest first'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_COUNT)
      .optional()
      .describe(`How many log lines to return (default ${DEFAULT_LOG_LIMIT}; values above ${MAX_LIMIT} are clamped)`),
    offset: z.number().int().min(0).max(MAX_OFFSET).optional().describe('How many to skip, for paging: pass the previous next_offset'),
    full_tracebacks: z
      .boolean()
      .optional()
      .describe('Keep tracebacks verbatim (default false: Prefect-internal and library frames and ^^^ markers are hidden, the user frames and the exception kept)'),
  },
  output: {
    flow_run: z.object({ id: z.string(), name: z.string(), state: z.string().nullable() }),
    logs: z.array(
      z.object({
        timestamp: z.string().nullable(),
        level: z.string().describe('Level name (or the number when non-standard)'),
        logger: z.string(),
        message: z.string(),
        task_run_id: z.string().optional(),
      }),
    ),
    ...pageOutput,
  },
  async handle(args, ctx) {
    const id = await resolveFlowRunId(ctx.prefect(), args.flow_run_id, { signal: ctx.signal });
    const page = pageFrom(args, DEFAULT_LOG_LIMIT);
    const filter: Record<string, unknown> = { flow_run_id: { any_: [id] } };
    const minLevel = levelNumber(args.level);
    if (minLevel !== undefined) filter.level = { ge_: minLevel };
    if (args.task_run_id) filter.task_run_id = { any_: [requireUuid(args.task_run_id, 'task run', 'get_task_runs')] };
    if (args.text) filter.text = { query: args.text };
    const since = parseSince(args.since, 'since');
    if (since) filter.timestamp = { after_: since };

    const client = ctx.prefect();
    const sort = args.order === 'desc' ? 'TIMESTAMP_DESC' : 'TIMESTAMP_ASC';
    // The run lookup makes an unknown id an error instead of an empty, misleading log list.
    const [run, { items, meta }] = await Promise.all([
      client.get<{ id: string; name: string; state_name: string | null }>(`/flow_runs/${id}`, { signal: ctx.signal }),
      fetchPage((limit, offset) => client.post<Log[]>('/logs/filter', { logs: filter, sort, limit, offset }, { signal: ctx.signal }), page),
    ]);
    const logs = items.map((log) => ({
      timestamp: isoUtc(log.timestamp),
      level: LEVEL_NAMES[log.level] ?? String(log.level),
      logger: log.name,
      // Engine frames dominate a raw Prefect traceback and repeat on every retry; the cause is in the user's frames.
      message: truncate(args.full_tracebacks ? log.message : withTrimmedTraceback(log.message), MAX_MESSAGE_CHARS) ?? '',
      ...(log.task_run_id ? { task_run_id: log.task_run_id } : {}),
    }));

    const header = `${logs.length} log line(s) of flow run ${run.name} [${run.state_name ?? 'no state'}]${minLevel !== undefined ? ` at level ≥ ${LEVEL_NAMES[minLevel] ?? minLevel}` : ''}${logs.length ? ':' : ''}`;
    const lines = logs.map((log) => `${log.timestamp} ${log.level.padEnd(7)} ${log.message}`);
    const text = [header, ...lines, pageFooter(meta)].filter(Boolean).join('\n');
    return { data: { flow_run: { id: run.id, name: run.name, state: run.state_name }, logs, ...meta }, text };
  },
});
