/**
 * Failures talking to Prefect, phrased as sentences an assistant can act on.
 * Tool handlers let these propagate; the tool wrapper turns them into `isError` results.
 */
export type PrefectErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'rate_limited'
  | 'server_error'
  | 'http_error'
  /** A 2xx answer that is not the JSON Prefect promises: a proxy, the UI or a broken server. */
  | 'bad_response'
  | 'cancelled';

export class PrefectApiError extends Error {
  constructor(
    readonly kind: PrefectErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PrefectApiError';
  }
}

/** Maps a REST path's collection segment to the noun users know ("/flow_runs/…" → "flow run"). */
const NOUNS: Record<string, string> = {
  flows: 'flow',
  flow_runs: 'flow run',
  task_runs: 'task run',
  deployments: 'deployment',
  work_pools: 'work pool',
  work_queues: 'work queue',
  workers: 'worker',
  automations: 'automation',
  artifacts: 'artifact',
  variables: 'variable',
  block_documents: 'block document',
  block_types: 'block type',
  concurrency_limits: 'concurrency limit',
  v2: 'global concurrency limit',
  logs: 'log',
  events: 'event',
};

const LIST_TOOL: Record<string, string> = {
  flow: 'get_flows',
  'flow run': 'get_flow_runs',
  'task run': 'get_task_runs',
  deployment: 'get_deployments',
  'work pool': 'get_work_pools',
  automation: 'get_automations',
  artifact: 'get_artifacts',
  variable: 'get_variables',
  'global concurrency limit': 'get_concurrency_limits',
  'concurrency limit': 'get_concurrency_limits',
};

export function describeNotFound(path: string): string {
  const segments = path.split('?')[0].split('/').filter(Boolean);
  for (let i = segments.length - 1; i >= 0; i--) {
    const noun = NOUNS[segments[i]];
    if (!noun) continue;
    const id = segments[i + 1];
    const lookup = id && !['filter', 'count', 'paginate'].includes(id) ? ` with id ${decodeURIComponent(id)}` : '';
    const list = LIST_TOOL[noun];
    return `No ${noun}${lookup} exists on this Prefect server.${list ? ` Use ${list} to find valid ids.` : ''}`;
  }
  return `Prefect API path ${path} was not found (404). The server may be an older Prefect version.`;
}

/** FastAPI/pydantic 422 bodies: `{ detail: [{ loc: [...], msg, type }] }` → "body.flows.bogus: Extra inputs are not permitted". */
export function describeValidation(body: unknown): string {
  // Prefect's own 422 handler answers `{ exception_detail: [...] }` instead of FastAPI's `{ detail: [...] }`.
  const parsed = body as { detail?: unknown; exception_detail?: unknown } | undefined;
  const detail = parsed?.detail ?? parsed?.exception_detail;
  if (Array.isArray(detail)) {
    const parts = detail.slice(0, 8).map((item) => {
      const entry = item as { loc?: unknown[]; msg?: string };
      const loc = Array.isArray(entry.loc) ? entry.loc.filter((p) => p !== 'body').join('.') : '';
      return loc ? `${loc}: ${entry.msg ?? 'invalid'}` : (entry.msg ?? 'invalid');
    });
    const more = detail.length > 8 ? ` (and ${detail.length - 8} more)` : '';
    return parts.join('; ') + more;
  }
  if (typeof detail === 'string') return detail;
  return JSON.stringify(body ?? {}).slice(0, 500);
}
