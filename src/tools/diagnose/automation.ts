import { z } from 'zod';
import { uiLinks } from '../../prefect/ui-links.js';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { isoUtc, isUuid, parseSince } from '../api/shared.js';
import { buildFix } from './docs-links.js';
import { bySeverity, findingSchema, renderFindings, type Finding } from './findings.js';
import type { Event } from '../../prefect/types.js';
import { readEvents } from './prefect.js';
import { optionalTime, MAX_NAME_CHARS } from '../inputs.js';

interface EventTrigger {
  type: 'event';
  expect?: string[];
  after?: string[];
  match?: Record<string, string | string[]>;
  match_related?: Record<string, string | string[]> | Array<Record<string, string | string[]>>;
  posture: 'Reactive' | 'Proactive';
  threshold: number;
  within: number;
}
type Trigger = EventTrigger | { type: 'compound' | 'sequence'; triggers: Trigger[]; require?: unknown } | { type: string };

interface Automation {
  id: string;
  name: string;
  enabled: boolean;
  trigger: Trigger;
  actions: Array<{ type: string }>;
}

const SAMPLE = 5;

export const diagnoseAutomation = defineTool({
  name: 'diagnose_automation',
  title: 'Why did an automation (not) fire',
  description:
    'Best-effort diagnosis of an automation: its trigger in plain words, whether events matching the trigger occurred in the window (and how many with the same name did not match), whether it fired, and what its actions did (automation events), with findings and fixes.',
  toolset: 'diagnose',
  kind: 'read',
  openWorld: true,
  input: {
    automation: z.string().min(1).max(MAX_NAME_CHARS).describe('Automation id or exact name'),
    since: optionalTime().describe('Window start: ISO 8601 or a span like 24h, 7d (default 24h)'),
  },
  output: {
    automation: z.object({ id: z.string(), name: z.string(), enabled: z.boolean(), actions: z.array(z.string()), ui_url: z.string().describe('The automation in the Prefect UI') }),
    trigger: z.string().describe('The trigger in plain words'),
    since: z.string(),
    matching_events: z.object({
      count: z.number().int().describe('Events in the window that match the trigger (name and resource)'),
      same_name_count: z.number().int().describe('Events with the expected name, ignoring the resource match'),
      samples: z.array(z.object({ occurred: z.string(), event: z.string(), resource: z.string() })),
    }),
    automation_events: z
      .array(z.object({ occurred: z.string(), event: z.string(), detail: z.string().nullable() }))
      .describe('What the automation did: triggered, resolved, action executed/failed'),
    findings: z.array(findingSchema),
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const opts = { signal: ctx.signal };
    const since = parseSince(args.since ?? '24h', 'since')!;
    const occurred = { since, until: new Date().toISOString() };
    const automation = await resolveAutomation(args.automation);

    async function resolveAutomation(ref: string): Promise<Automation> {
      if (isUuid(ref.trim())) return client.get<Automation>(`/automations/${ref.trim()}`, opts);
      const [found] = await client.post<Automation[]>('/automations/filter', { automations: { name: { any_: [ref] } }, limit: 1 }, opts);
      if (!found) throw new ToolError(`No automation named "${ref}". Use get_automations to list automations and their ids.`);
      return found;
    }

    const triggers = eventTriggers(automation.trigger);
    const counts = await Promise.all(
      triggers.map(async (trigger) => {
        const [matched, sameName] = await Promise.all([
          readEvents(client, { ...eventFilter(trigger, true), occurred }, SAMPLE, opts),
          readEvents(client, { ...eventFilter(trigger, false), occurred }, 1, opts),
        ]);
        return { matched, sameName: sameName.total };
      }),
    );
    const matchedTotal = counts.reduce((sum, c) => sum + c.matched.total, 0);
    const sameNameTotal = counts.reduce((sum, c) => sum + c.sameName, 0);
    const samples = counts.flatMap((c) => c.matched.events).slice(0, SAMPLE).map(eventLine);

    const own = await readEvents(
      client,
      {
        any_resource: { id: [`prefect.automation.${automation.id}`, `prefect-cloud.automation.${automation.id}`] },
        event: { prefix: ['prefect.automation.', 'prefect-cloud.automation.'] },
        occurred,
        order: 'ASC',
      },
      50,
      opts,
    );
    const automationEvents = own.events.map((e) => ({
      occurred: isoUtc(e.occurred) ?? e.occurred,
      event: e.event,
      detail: typeof e.payload?.reason === 'string' ? e.payload.reason : typeof e.payload?.action_type === 'string' ? e.payload.action_type : null,
    }));

    const description = describeTrigger(automation.trigger);
    const findings = bySeverity(
      findingsFor({ automation, triggers, matchedTotal, sameNameTotal, since, own: own.events, description }, ctx),
    );
    const data = {
      automation: { id: automation.id, name: automation.name, enabled: automation.enabled, actions: automation.actions.map((a) => a.type), ui_url: uiLinks(ctx.config).automation(automation.id) },
      trigger: description,
      since,
      matching_events: { count: matchedTotal, same_name_count: sameNameTotal, samples },
      automation_events: automationEvents,
      findings,
    };
    const text = [
      `Automation ${automation.name} (${automation.id}): ${automation.enabled ? 'enabled' : 'DISABLED'}; actions: ${data.automation.actions.join(', ') || 'none'} ${data.automation.ui_url}`,
      `trigger: ${description}`,
      `since ${since}: ${matchedTotal} matching event(s), ${sameNameTotal} with the expected name; ${own.total} automation event(s)`,
      ...automationEvents.slice(-10).map((e) => `  ${e.occurred} ${e.event}${e.detail ? `: ${e.detail}` : ''}`),
      renderFindings(findings),
    ].join('\n');
    return { data, text };
  },
});

function findingsFor(
  facts: { automation: Automation; triggers: EventTrigger[]; matchedTotal: number; sameNameTotal: number; since: string; own: Event[]; description: string },
  ctx: Parameters<typeof buildFix>[0],
): Finding[] {
  const { automation, triggers, matchedTotal, sameNameTotal, since, own } = facts;
  const findings: Finding[] = [];
  // Prefect Cloud emits automation.triggered; the OSS server only emits action.triggered per action.
  const firedEvents = own.filter((e) => /\.automation\.triggered$/.test(e.event));
  const fired = firedEvents.length || own.filter((e) => /\.action\.triggered$/.test(e.event)).length;
  const failed = own.filter((e) => /\.action\.failed$/.test(e.event));
  const expected = [...new Set(triggers.flatMap((t) => t.expect ?? []))].join(', ') || 'any event';

  if (!automation.enabled) {
    findings.push({
      severity: 'critical',
      code: 'automation_disabled',
      cause: `Automation ${automation.name} is disabled, so it never fires.`,
      evidence: 'enabled = false',
      fix: buildFix(ctx, { action: 'Enable it.', cli: { command: 'prefect automation enable', args: `--id ${automation.id}` }, docs: 'automations' }),
    });
  }
  if (triggers.length === 0) {
    findings.push({
      severity: 'info',
      code: 'trigger_not_checked',
      cause: `The ${automation.trigger.type} trigger is not event-based, so matching events cannot be checked here.`,
      evidence: facts.description,
      fix: buildFix(ctx, { action: 'Check the metric or condition in the Prefect UI.', docs: 'automation triggers' }),
    });
  }
  const reactive = triggers.some((t) => t.posture === 'Reactive');
  if (triggers.length > 0 && reactive && matchedTotal === 0) {
    findings.push({
      severity: 'warning',
      code: 'trigger_never_matched',
      cause: `No event matched the trigger since ${since}, so the automation had nothing to react to.`,
      evidence: `0 events matching ${expected} with the resource filter; ${sameNameTotal} event(s) with that name ignoring the resource filter`,
      fix: buildFix(ctx, {
        action:
          sameNameTotal > 0
            ? 'Events with the expected name exist but the match/match_related filter excludes them: loosen it (compare with read_events).'
            : 'No such event happened. If it should have, check the event name in expect against real names with read_events (e.g. prefect.flow-run.Failed); otherwise the automation is idle, not broken.',
        docs: 'automation event triggers expect match',
      }),
    });
  } else if (reactive && matchedTotal > 0 && fired === 0) {
    const threshold = triggers.map((t) => `${t.threshold} within ${t.within}s`).join(', ');
    findings.push({
      severity: 'warning',
      code: 'threshold_not_met',
      cause: 'Matching events occurred but the automation did not fire: the threshold or window was not reached.',
      evidence: `${matchedTotal} matching event(s) since ${since}; threshold ${threshold}`,
      fix: buildFix(ctx, { action: 'Lower the threshold or widen within if it should fire on these events.', docs: 'automation trigger threshold within' }),
    });
  }
  if (fired > 0) {
    findings.push({
      severity: 'info',
      code: 'fired',
      cause: `The automation fired ${fired} time(s) since ${since}.`,
      evidence: `${fired} ${(firedEvents[0] ?? own.find((e) => /triggered$/.test(e.event)))?.event} event(s)`,
      fix: buildFix(ctx, { action: 'Nothing to fix in the trigger; check the action results below.' }),
    });
  }
  for (const event of failed.slice(0, 3)) {
    findings.push({
      severity: 'critical',
      code: 'action_failed',
      cause: 'An action of the automation failed when it fired.',
      evidence: `${isoUtc(event.occurred)} ${event.event}: ${String(event.payload?.reason ?? 'no reason given')}`,
      fix: buildFix(ctx, { action: 'Fix what the reason names (missing deployment, block or permission), then test the automation again.', docs: 'automation actions' }),
    });
  }
  return findings;
}

function eventTriggers(trigger: Trigger): EventTrigger[] {
  if (trigger.type === 'event') return [trigger as EventTrigger];
  if ('triggers' in trigger && Array.isArray(trigger.triggers)) return trigger.triggers.flatMap(eventTriggers);
  return [];
}

/** Turns a trigger's expect/match into an /events/filter body; `withResource` false drops the match to count near-misses. */
function eventFilter(trigger: EventTrigger, withResource: boolean): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const expect = (trigger.expect ?? []).filter((name) => name !== '*');
  if (expect.length) {
    const prefix = expect.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1));
    const name = expect.filter((n) => !n.endsWith('*'));
    filter.event = { ...(prefix.length ? { prefix } : {}), ...(name.length ? { name } : {}) };
  }
  if (!withResource) return filter;
  const { 'prefect.resource.id': ids, ...labels } = trigger.match ?? {};
  const resource: Record<string, unknown> = {};
  if (ids !== undefined) {
    const list = Array.isArray(ids) ? ids : [ids];
    if (!list.includes('*')) {
      const prefix = list.filter((id) => id.endsWith('*')).map((id) => id.slice(0, -1));
      const exact = list.filter((id) => !id.endsWith('*'));
      Object.assign(resource, prefix.length ? { id_prefix: prefix } : {}, exact.length ? { id: exact } : {});
    }
  }
  if (Object.keys(labels).length) resource.labels = labels;
  if (Object.keys(resource).length) filter.resource = resource;
  const related = Array.isArray(trigger.match_related) ? trigger.match_related[0] : trigger.match_related;
  if (related && Object.keys(related).length) filter.related = { labels: related };
  return filter;
}

function describeTrigger(trigger: Trigger): string {
  if (trigger.type === 'event') {
    const t = trigger as EventTrigger;
    const events = (t.expect ?? []).join(' or ') || 'any event';
    const match = Object.entries(t.match ?? {}).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : v}`).join(', ');
    const window = t.within ? ` within ${t.within}s` : '';
    const what = `${t.threshold} × ${events}${match ? ` for ${match}` : ''}${window}`;
    return t.posture === 'Proactive' ? `fires when FEWER than ${what} occur (proactive)` : `fires on ${what}`;
  }
  if ('triggers' in trigger && Array.isArray(trigger.triggers)) {
    return `${trigger.type} of: ${trigger.triggers.map(describeTrigger).join('; ')}`;
  }
  return `${trigger.type} trigger`;
}

function eventLine(event: Event) {
  return { occurred: isoUtc(event.occurred) ?? event.occurred, event: event.event, resource: event.resource['prefect.resource.name'] ?? event.resource['prefect.resource.id'] };
}
