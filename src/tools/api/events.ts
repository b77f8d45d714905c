/**
 * read_events: Prefect's event feed, newest first by default, last hour unless told otherwise.
 * Prefect serves events in pages of at most 50 behind opaque next-page tokens, so offsets are
 * reached by following tokens; the window is returned so a caller can page over a fixed range.
 */
import { z } from 'zod';
import type { PrefectClient } from '../../prefect/client.js';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { isUuid, isoUtc, listInput, mergeFilter, pageFooter, pageFrom, pageOutput, pageResult, parseSince } from './shared.js';
import { clip } from './util.js';
import { caseInsensitiveEnum, boundedJsonObject, optionalTime, MAX_NAME_CHARS } from '../inputs.js';
import type { Event } from '../../prefect/types.js';

const PREFECT_PAGE = 50;
/** Following tokens past this many events would be slow; a narrower window is the better answer. */
const MAX_SCAN = 2000;

/** A bare UUID may belong to any of these; events name resources "prefect.<kind>.<uuid>". */
const RESOURCE_KINDS = ['flow-run', 'task-run', 'flow', 'deployment', 'work-pool', 'work-queue', 'worker', 'automation', 'concurrency-limit', 'block-document', 'artifact'];

interface EventPage {
  events: Event[];
  total: number;
  next_page: string | null;
}

const eventSchema = z.object({
  id: z.string(),
  event: z.string(),
  occurred: z.string(),
  resource_id: z.string(),
  resource_name: z.string().nullable(),
  related: z.record(z.string(), z.string()).describe('Related resources by role → name (flow, deployment, work-pool, ...)'),
  state_type: z.string().nullable(),
  state_message: z.string().nullable(),
  resource: z.record(z.string(), z.string()).optional().describe('detail only'),
  related_resources: z.array(z.record(z.string(), z.string())).optional().describe('detail only'),
  payload: z.record(z.string(), z.unknown()).optional().describe('detail only'),
  follows: z.string().nullable().optional().describe('detail only'),
});

export const readEvents = defineTool({
  name: 'read_events',
  title: 'Prefect events',
  description:
    'Read Prefect events (state changes, worker and deployment activity, automation triggers), newest first, from the last hour unless occurred_after/occurred_before say otherwise. Filter by event type prefix (e.g. prefect.flow-run.Failed), by resource id (a flow run id shows its own and its task runs\' events), or full-text search.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    event_type_prefix: z.string().max(MAX_NAME_CHARS).optional().describe('Event name prefix, e.g. prefect.flow-run, prefect.flow-run.Failed, prefect.work-pool, prefect.worker'),
    resource_id: z
      .string()
      .max(MAX_NAME_CHARS)
      .optional()
      .describe('Events about this resource, as primary or related resource: "prefect.flow-run.<uuid>" or a bare UUID of any object'),
    text: z.string().max(200).optional().describe('Full-text search in event content, e.g. "timeout" or "error -debug"'),
    occurred_after: optionalTime().describe('Window start: ISO 8601 or a span like 30m, 6h, 2d (default 1h)'),
    occurred_before: optionalTime().describe('Window end: ISO 8601 or a span meaning that long ago (default now)'),
    order: caseInsensitiveEnum(['newest', 'oldest']).optional().describe('newest first (default) or oldest first, for reading a timeline'),
    ...listInput,
    detail: z.boolean().optional().describe('Include the full resource labels, related resources and payload (default false)'),
    filter: boundedJsonObject()
      .optional()
      .describe('Raw Prefect EventFilter merged over the parameters above, e.g. {"related": {"role": ["deployment"]}}; the server rejects unknown keys'),
  },
  output: {
    events: z.array(eventSchema),
    window: z.object({ since: z.string(), until: z.string() }).describe('Pass these back when paging so the window does not move'),
    total: z.number().int().describe('Events matching in the window, as counted by Prefect'),
    ...pageOutput,
  },
  async handle(args, ctx) {
    const page = pageFrom(args);
    const since = parseSince(args.occurred_after ?? '1h', 'occurred_after')!;
    const until = parseSince(args.occurred_before, 'occurred_before') ?? new Date().toISOString();
    if (since >= until) throw new ToolError(`occurred_after (${since}) must be before occurred_before (${until}).`);
    const want = page.offset + page.limit + 1;
    if (want > MAX_SCAN) throw new ToolError(`offset ${page.offset} is too deep for the event feed (max ${MAX_SCAN - page.limit - 1}); narrow occurred_after/occurred_before instead.`);

    const friendly: Record<string, unknown> = { occurred: { since, until }, order: args.order === 'oldest' ? 'ASC' : 'DESC' };
    if (args.event_type_prefix) friendly.event = { prefix: [args.event_type_prefix] };
    if (args.resource_id) friendly.any_resource = { id: resourceIds(args.resource_id) };
    if (args.text) friendly.text = { query: args.text };
    const filter = mergeFilter(friendly, args.filter);

    const { events, total } = await collect(ctx.prefect(), filter, want, ctx.signal);
    const { items, meta } = pageResult(events.slice(page.offset), page);
    const shaped = items.map((event) => shape(event, args.detail === true));
    const footer = pageFooter(meta);
    const text = [
      `${total} events ${since} → ${until}${shaped.length ? '' : ': none match'}`,
      ...shaped.map(line),
      footer ? `${footer}${meta.has_more ? ` (with occurred_after=${since} occurred_before=${until})` : ''}` : '',
    ].filter(Boolean).join('\n');
    return { data: { events: shaped, window: { since, until }, total, ...meta }, text };
  },
});

function resourceIds(value: string): string[] {
  const trimmed = value.trim();
  if (isUuid(trimmed)) return RESOURCE_KINDS.map((kind) => `prefect.${kind}.${trimmed}`);
  if (!trimmed.startsWith('prefect') && !trimmed.includes('.')) {
    throw new ToolError(`resource_id "${value}" is neither a UUID nor a resource id like prefect.flow-run.<uuid>.`);
  }
  return [trimmed];
}

async function collect(client: PrefectClient, filter: Record<string, unknown>, want: number, signal?: AbortSignal) {
  let response = await client.post<EventPage>('/events/filter', { filter, limit: Math.min(PREFECT_PAGE, want) }, { signal });
  const events = [...response.events];
  const total = response.total;
  while (events.length < want && response.next_page) {
    // next_page is an absolute URL on the server; only its token matters to us.
    const token = new URL(response.next_page).searchParams.get('page-token');
    if (!token) break;
    response = await client.get<EventPage>('/events/filter/next', { query: { 'page-token': token }, signal });
    events.push(...response.events);
  }
  return { events, total };
}

function shape(event: Event, detail: boolean) {
  const related: Record<string, string> = {};
  for (const item of event.related ?? []) {
    const role = item['prefect.resource.role'];
    if (role && !role.startsWith('tag')) related[role] = item['prefect.resource.name'] ?? item['prefect.resource.id'];
  }
  const validated = (event.payload?.validated_state ?? {}) as { type?: string; message?: string };
  return {
    id: event.id,
    event: event.event,
    occurred: isoUtc(event.occurred) ?? event.occurred,
    resource_id: event.resource['prefect.resource.id'],
    resource_name: event.resource['prefect.resource.name'] ?? null,
    related,
    state_type: event.resource['prefect.state-type'] ?? validated.type ?? null,
    state_message: event.resource['prefect.state-message'] || validated.message || null,
    ...(detail ? { resource: event.resource, related_resources: event.related ?? [], payload: event.payload ?? {}, follows: event.follows ?? null } : {}),
  };
}

function line(event: ReturnType<typeof shape>): string {
  const rel = Object.entries(event.related).map(([role, name]) => `${role}=${name}`).join(' ');
  const message = event.state_message ? ` — ${clip(event.state_message, 100)}` : '';
  return `${event.occurred} ${event.event} ${event.resource_name ?? event.resource_id}${rel ? ` (${rel})` : ''}${message}`;
}
