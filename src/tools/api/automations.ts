/**
 * get_automations: what fires when. Compact lines summarize the trigger and the actions,
 * so "why did this run get cancelled?" can be answered without reading trigger JSON.
 */
import { z } from 'zod';
import { uiLinks, type UiLinks } from '../../prefect/ui-links.js';
import type { PrefectClient } from '../../prefect/client.js';
import { defineTool } from '../define-tool.js';
import {
  MAX_LIMIT,
  detailInput,
  fetchPage,
  isoUtc,
  listInput,
  mergeFilter,
  pageFrom,
  pageOutput,
  pageResult,
  rawFilterBody,
  rawFilterInput,
  type Page,
} from './shared.js';
import { resolveAutomationId } from './refs.js';
import { clip } from './util.js';
import { oneOrMany, caseInsensitiveEnum, MAX_NAME_CHARS } from '../inputs.js';
import { renderList } from './list-text.js';

interface RawAutomation {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
  trigger: Record<string, unknown>;
  actions: Array<Record<string, unknown>>;
  actions_on_trigger: Array<Record<string, unknown>>;
  actions_on_resolve: Array<Record<string, unknown>>;
  created: string | null;
  updated: string | null;
}

const automationSchema = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  description: z.string(),
  tags: z.array(z.string()),
  trigger_summary: z.string().describe('e.g. "event Reactive: expect prefect.flow-run.Failed ≥1 within 0s"'),
  action_types: z.array(z.string()).describe('Action types run when triggered (then on trigger / on resolve)'),
  ui_url: z.string().describe('The automation in the Prefect UI'),
  trigger: z.record(z.string(), z.unknown()).optional().describe('detail only'),
  actions: z.array(z.record(z.string(), z.unknown())).optional().describe('detail only'),
  actions_on_trigger: z.array(z.record(z.string(), z.unknown())).optional().describe('detail only'),
  actions_on_resolve: z.array(z.record(z.string(), z.unknown())).optional().describe('detail only'),
  created: z.string().nullable().optional().describe('detail only'),
  updated: z.string().nullable().optional().describe('detail only'),
});

export const getAutomations = defineTool({
  name: 'get_automations',
  title: 'Automations',
  description:
    'List automations with enabled flag, a one-line trigger summary and action types; detail: true (or id) adds the full trigger and actions. Filter by id, exact name, tags or enabled. For the trigger/action JSON schema use get_object_schema.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    id: z.string().max(MAX_NAME_CHARS).optional().describe('Automation id (UUID) or exact name: returns that automation in full'),
    name: z.string().max(MAX_NAME_CHARS).optional().describe('Exact automation name'),
    tags: oneOrMany(z.string().max(MAX_NAME_CHARS)).optional().describe('Only automations having all these tags'),
    enabled: z.boolean().optional().describe('Only enabled (true) or disabled (false) automations'),
    sort: caseInsensitiveEnum(['CREATED_DESC', 'UPDATED_DESC', 'NAME_ASC', 'NAME_DESC']).optional().describe('Default NAME_ASC'),
    ...listInput,
    ...detailInput,
    ...rawFilterInput,
  },
  output: { automations: z.array(automationSchema), ...pageOutput },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const page = pageFrom(args);
    let result: { items: RawAutomation[]; meta: ReturnType<typeof pageResult>['meta'] };
    let detail = args.detail === true;
    if (args.id) {
      const id = await resolveAutomationId(client, args.id, { signal: ctx.signal });
      result = pageResult([await client.get<RawAutomation>(`/automations/${id}`, { signal: ctx.signal })], { ...page, offset: 0 });
      detail = true;
    } else {
      const friendly: Record<string, unknown> = {};
      if (args.name) friendly.name = { any_: [args.name] };
      if (args.tags?.length) friendly.tags = { all_: args.tags };
      const body = mergeFilter(
        Object.keys(friendly).length ? { automations: friendly } : {},
        rawFilterBody(args.filter, 'automations', ['automations']),
      );
      const sorted = { ...body, sort: args.sort ?? 'NAME_ASC' };
      result =
        args.enabled === undefined
          ? await fetchPage((limit, offset) => client.post<RawAutomation[]>('/automations/filter', { ...sorted, limit, offset }, { signal: ctx.signal }), page)
          : await scanEnabled(client, sorted, page, args.enabled, ctx.signal);
    }
    const { items, meta } = result;
    const automations = items.map((row) => shape(row, detail, uiLinks(ctx.config)));
    const text = renderList(['automation', 'automations'], automations.map(line), meta);
    return { data: { automations, ...meta }, text };
  },
});

/**
 * Prefect cannot filter automations by enabled, so with `enabled` set we read in
 * MAX_LIMIT batches and filter here until the page (plus one, for has_more) is full.
 */
async function scanEnabled(client: PrefectClient, body: Record<string, unknown>, page: Page, enabled: boolean, signal?: AbortSignal) {
  const matches: RawAutomation[] = [];
  for (let offset = 0; ; offset += MAX_LIMIT) {
    const batch = await client.post<RawAutomation[]>('/automations/filter', { ...body, limit: MAX_LIMIT, offset }, { signal });
    matches.push(...batch.filter((row) => row.enabled === enabled));
    if (batch.length < MAX_LIMIT || matches.length > page.offset + page.limit) break;
  }
  return pageResult(matches.slice(page.offset), page);
}

export function triggerSummary(trigger: Record<string, unknown>): string {
  const type = String(trigger.type ?? 'unknown');
  if (type === 'compound' || type === 'sequence') {
    const parts = (trigger.triggers as Array<Record<string, unknown>> | undefined) ?? [];
    const require = type === 'compound' ? ` require=${String(trigger.require ?? 'all')}` : '';
    return `${type}${require} within ${Number(trigger.within ?? 0)}s of [${parts.map(triggerSummary).join('; ')}]`;
  }
  const list = (value: unknown) => (Array.isArray(value) && value.length ? value.join('|') : '');
  const match = trigger.match as Record<string, unknown> | undefined;
  const resource = match?.['prefect.resource.id'];
  const pieces = [
    `${type} ${String(trigger.posture ?? '')}`.trim() + ':',
    list(trigger.after) ? `after ${list(trigger.after)}` : '',
    list(trigger.expect) ? `expect ${list(trigger.expect)}` : '',
    trigger.threshold !== undefined ? `≥${String(trigger.threshold)}` : '',
    trigger.within !== undefined ? `within ${String(trigger.within)}s` : '',
    resource ? `on ${Array.isArray(resource) ? resource.join('|') : String(resource)}` : '',
    list(trigger.for_each) ? `for each ${list(trigger.for_each)}` : '',
  ];
  return pieces.filter(Boolean).join(' ');
}

function shape(row: RawAutomation, detail: boolean, links: UiLinks) {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    description: row.description ?? '',
    tags: row.tags ?? [],
    trigger_summary: triggerSummary(row.trigger),
    action_types: [
      ...row.actions.map((a) => String(a.type)),
      ...row.actions_on_trigger.map((a) => `${String(a.type)} (on trigger)`),
      ...row.actions_on_resolve.map((a) => `${String(a.type)} (on resolve)`),
    ],
    ui_url: links.automation(row.id),
    ...(detail
      ? {
          trigger: row.trigger,
          actions: row.actions,
          actions_on_trigger: row.actions_on_trigger,
          actions_on_resolve: row.actions_on_resolve,
          created: isoUtc(row.created),
          updated: isoUtc(row.updated),
        }
      : {}),
  };
}

function line(row: ReturnType<typeof shape>): string {
  const desc = row.description ? ` — ${clip(row.description, 60)}` : '';
  const tags = row.tags.length ? ` tags: ${row.tags.join(', ')}` : '';
  return `${row.name} [${row.enabled ? 'enabled' : 'DISABLED'}] ${row.id}: ${row.trigger_summary} → ${row.action_types.join(', ') || 'no actions'}${tags}${desc} ${row.ui_url}`;
}
