/**
 * review_rate_limits (Prefect Cloud only): which API operation groups were throttled (429)
 * and when, from Cloud's per-minute usage endpoint, as the official server reports it.
 */
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { humanDuration, isoUtc, parseSince } from './shared.js';
import { optionalTime } from '../inputs.js';

/** The operation groups Cloud rate-limits together (the official server's list). */
const KEYS = [
  'artifacts', 'block_documents', 'block_schemas', 'block_types', 'concurrency_limits', 'deployments', 'flows', 'runs',
  'variables', 'work_pools', 'work_queues', 'reading-events', 'writing-events', 'reading-logs', 'writing-logs',
];

interface Usage {
  account?: string;
  since?: string;
  until?: string;
  minutes?: string[];
  keys?: Record<string, { requested?: number[]; granted?: number[] }>;
}

const keyDenials = z.object({ key: z.string(), total_denied: z.number().int(), peak_denied_per_minute: z.number().int() });

export const reviewRateLimits = defineTool({
  name: 'review_rate_limits',
  title: 'Prefect Cloud rate-limit usage',
  description:
    'Prefect Cloud only: per operation group (runs, deployments, flows, work_pools, writing-logs, ...) how many requests were made and denied, and the periods of consecutive throttled minutes. Use it when Prefect answers 429 Too Many Requests. Defaults to the last 3 days.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  available: (config) => config.isCloud,
  input: {
    since: optionalTime().describe('Start: ISO 8601 or a span like 6h, 3d (default 3d)'),
    until: optionalTime().describe('End: ISO 8601 or a span meaning that long ago (default 1m ago)'),
  },
  output: {
    account_id: z.string(),
    since: z.string(),
    until: z.string(),
    summary: z.object({
      total_throttling_periods: z.number().int(),
      affected_keys: z.array(z.string()),
      first_throttled_at: z.string().nullable(),
      last_throttled_at: z.string().nullable(),
      total_minutes_throttled: z.number().int(),
    }),
    throttling_periods: z.array(
      z.object({ start: z.string(), end: z.string(), duration_minutes: z.number().int(), keys_affected: z.array(keyDenials) }),
    ),
    usage: z
      .array(z.object({ key: z.string(), requested: z.number().int(), denied: z.number().int(), peak_requests_per_minute: z.number().int() }))
      .describe('Totals per operation group over the window (groups with no requests left out)'),
  },
  async handle(args, ctx) {
    const { accountId } = ctx.config;
    if (!accountId) throw new ToolError('review_rate_limits needs a Prefect Cloud workspace URL (…/accounts/<id>/workspaces/<id>) in PREFECT_API_URL.');
    const since = parseSince(args.since ?? '3d', 'since')!;
    const until = parseSince(args.until ?? '1m', 'until')!;
    if (since >= until) throw new ToolError(`since (${since}) must be before until (${until}).`);
    const query = new URLSearchParams({ since, until });
    for (const key of KEYS) query.append('keys', key);
    // The usage endpoint is account-level; the client is rooted at the workspace URL, so step up two segments.
    const usage = await ctx.prefect().get<Usage>(`/../../rate-limits/usage?${query}`, { signal: ctx.signal });

    const minutes = usage.minutes ?? [];
    const denied = new Map<string, Map<string, number>>();
    const totals: Array<{ key: string; requested: number; denied: number; peak_requests_per_minute: number }> = [];
    for (const [key, series] of Object.entries(usage.keys ?? {})) {
      const requested = series.requested ?? [];
      const granted = series.granted ?? [];
      const total = { key, requested: 0, denied: 0, peak_requests_per_minute: 0 };
      for (let i = 0; i < Math.min(requested.length, granted.length, minutes.length); i++) {
        total.requested += requested[i];
        total.peak_requests_per_minute = Math.max(total.peak_requests_per_minute, requested[i]);
        const lost = requested[i] - granted[i];
        if (lost <= 0) continue;
        total.denied += lost;
        const minute = isoUtc(minutes[i]) ?? minutes[i];
        if (!denied.has(minute)) denied.set(minute, new Map());
        denied.get(minute)!.set(key, lost);
      }
      if (total.requested > 0) totals.push(total);
    }
    const periods = groupPeriods(denied);
    const affected = [...new Set([...denied.values()].flatMap((keys) => [...keys.keys()]))].sort();
    const data = {
      account_id: usage.account ?? accountId,
      since: isoUtc(usage.since) ?? since,
      until: isoUtc(usage.until) ?? until,
      summary: {
        total_throttling_periods: periods.length,
        affected_keys: affected,
        first_throttled_at: periods[0]?.start ?? null,
        last_throttled_at: periods.at(-1)?.end ?? null,
        total_minutes_throttled: denied.size,
      },
      throttling_periods: periods,
      usage: totals.sort((a, b) => b.denied - a.denied || b.requested - a.requested),
    };
    const text = [
      `Rate limits ${data.since} → ${data.until}: ${periods.length ? `${periods.length} throttled period(s), ${denied.size} minute(s), groups: ${affected.join(', ')}` : 'no throttling'}`,
      ...periods.map(
        (p) => `  ${p.start} → ${p.end} (${humanDuration(p.duration_minutes * 60)}): ${p.keys_affected.map((k) => `${k.key} ${k.total_denied} denied (peak ${k.peak_denied_per_minute}/min)`).join(', ')}`,
      ),
      ...totals.slice(0, 8).map((t) => `  ${t.key}: ${t.requested} requests, ${t.denied} denied, peak ${t.peak_requests_per_minute}/min`),
    ].join('\n');
    return { data, text };
  },
});

/** Consecutive throttled minutes (≤ 61 s apart) form one period, as in the official server. */
function groupPeriods(denied: Map<string, Map<string, number>>) {
  const stamps = [...denied.keys()].sort();
  const groups: string[][] = [];
  for (const stamp of stamps) {
    const current = groups.at(-1);
    const previous = current?.at(-1);
    if (current && previous && Date.parse(stamp) - Date.parse(previous) <= 61_000) current.push(stamp);
    else groups.push([stamp]);
  }
  return groups.map((group) => {
    const stats = new Map<string, { total: number; peak: number }>();
    for (const stamp of group) {
      for (const [key, lost] of denied.get(stamp)!) {
        const entry = stats.get(key) ?? { total: 0, peak: 0 };
        entry.total += lost;
        entry.peak = Math.max(entry.peak, lost);
        stats.set(key, entry);
      }
    }
    return {
      start: group[0],
      end: group.at(-1)!,
      duration_minutes: group.length,
      keys_affected: [...stats.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, s]) => ({ key, total_denied: s.total, peak_denied_per_minute: s.peak })),
    };
  });
}
