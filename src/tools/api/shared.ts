/**
 * Conventions every list tool shares, so responses look and page the same everywhere:
 * small default limits, a hard cap that clamps (with a note) instead of rejecting,
 * `has_more` + `next_offset`, ISO 8601 UTC times and human durations.
 */
import { z } from 'zod';
import { ToolError } from '../../errors.js';
import { boundedJsonObject, MAX_COUNT, MAX_OFFSET } from '../inputs.js';
import { clampLimit } from '../limits.js';

export const DEFAULT_LIMIT = 10;
/** The most objects one call returns, and the most Prefect returns per request (its PREFECT_API_DEFAULT_LIMIT, 200 by default; it rejects a larger `limit`). */
export const MAX_LIMIT = 200;

export const listInput = {
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_COUNT)
    .optional()
    .describe(`How many to return (default ${DEFAULT_LIMIT}; values above ${MAX_LIMIT} are clamped to ${MAX_LIMIT})`),
  offset: z.number().int().min(0).max(MAX_OFFSET).optional().describe('How many to skip, for paging: pass the previous next_offset'),
};

export const detailInput = {
  detail: z.boolean().optional().describe('Return every field of each object instead of the compact summary (default false)'),
};

/** Raw Prefect filter JSON, merged over the friendly filters and validated by the Prefect server itself. */
export const rawFilterInput = {
  filter: boundedJsonObject()
    .optional()
    .describe(
      'Raw Prefect filter body merged into the request, e.g. {"flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}}. The Prefect server validates it; unknown keys are rejected with an error naming them.',
    ),
};

export const pageOutput = {
  count: z.number().int().describe('How many objects this response holds'),
  offset: z.number().int(),
  has_more: z.boolean().describe('True when more objects match; call again with offset = next_offset'),
  next_offset: z.number().int().nullable(),
  notes: z.array(z.string()).describe('Adjustments made to the request (e.g. a clamped limit)'),
};

export interface Page {
  limit: number;
  offset: number;
  notes: string[];
}

export function pageFrom(args: { limit?: number; offset?: number }, defaultLimit = DEFAULT_LIMIT): Page {
  const { limit, note } = clampLimit(args.limit, defaultLimit, MAX_LIMIT);
  return { limit, offset: args.offset ?? 0, notes: note ? [`${note}; page with offset to see more`] : [] };
}

/** Fetch limit+1 to learn whether more exist without a second count call. */
export function pageResult<T>(items: T[], page: Page) {
  const hasMore = items.length > page.limit;
  const slice = hasMore ? items.slice(0, page.limit) : items;
  return {
    items: slice,
    meta: {
      count: slice.length,
      offset: page.offset,
      has_more: hasMore,
      next_offset: hasMore ? page.offset + page.limit : null,
      notes: page.notes,
    },
  };
}

export function pageFooter(meta: { has_more: boolean; next_offset: number | null; notes: string[] }): string {
  const lines = [...meta.notes.map((note) => `note: ${note}`)];
  if (meta.has_more) lines.push(`more available: call again with offset=${meta.next_offset}`);
  return lines.join('\n');
}

/** Deep-merges a raw filter over the friendly one; the raw filter wins on conflicts. */
export function mergeFilter(base: Record<string, unknown>, raw: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!raw) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(raw)) {
    const current = out[key];
    out[key] =
      isPlainObject(current) && isPlainObject(value) ? mergeFilter(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Rejects a malformed id before it reaches Prefect, with a hint on where valid ids come from. */
export function requireUuid(value: string, what: string, listTool: string): string {
  const trimmed = value.trim();
  if (!isUuid(trimmed)) throw new ToolError(`"${value}" is not a valid ${what} id (expected a UUID). Use ${listTool} to find ids.`);
  return trimmed;
}

/** Prefect returns timestamps with offsets; we always show UTC with a Z. */
export function isoUtc(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** Accepts ISO 8601 timestamps or relative spans like "2h", "30m", "7d" (meaning that long ago). */
export function parseSince(value: string | undefined, field: string): string | undefined {
  if (!value) return undefined;
  const relative = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i.exec(value.trim());
  if (relative) {
    const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[relative[2].toLowerCase() as 's' | 'm' | 'h' | 'd' | 'w'];
    return new Date(Date.now() - Number(relative[1]) * unit * 1000).toISOString();
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ToolError(`${field} "${value}" is not a time: use ISO 8601 (2026-01-31T12:00:00Z) or a span like 2h, 30m, 7d.`);
  }
  return date.toISOString();
}

/** 93784 → "1d 2h 3m"; sub-minute values keep seconds. */
export function humanDuration(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return null;
  // Task runs often take milliseconds; "0s" would hide that they ran at all.
  if (Math.abs(seconds) < 1) return `${Math.round(Math.abs(seconds) * 1000)}ms`;
  const total = Math.round(Math.abs(seconds));
  if (total < 60) return `${Math.abs(seconds) < 10 ? Math.abs(seconds).toFixed(1).replace(/\.0$/, '') : total}s`;
  const parts: string[] = [];
  const units: Array<[number, string]> = [[86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']];
  let rest = total;
  for (const [size, label] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${label}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/**
 * One page plus whether more exist. Below the cap this fetches limit+1 rows; a full-size page
 * cannot ask Prefect for 201, so it probes one row past the page instead.
 */
export async function fetchPage<T>(fetch: (limit: number, offset: number) => Promise<T[]>, page: Page) {
  if (page.limit < MAX_LIMIT) return pageResult(await fetch(page.limit + 1, page.offset), page);
  const [items, probe] = await Promise.all([fetch(page.limit, page.offset), fetch(1, page.offset + page.limit)]);
  return pageResult([...items, ...probe], page);
}

/**
 * Turns the `filter` argument into request-body sections. It may be a full body
 * ({"flow_runs": {...}, "flows": {...}}) or, as the official server accepts, just the primary
 * object's filter ({"state": {...}}). Prefect silently ignores unknown top-level body keys, so
 * those are rejected here by name; keys inside each section Prefect validates itself (422).
 */
export function rawFilterBody(
  raw: Record<string, unknown> | undefined,
  primary: string,
  sections: readonly string[],
): Record<string, unknown> | undefined {
  if (!raw || Object.keys(raw).length === 0) return undefined;
  const keys = Object.keys(raw);
  const paging = keys.filter((key) => ['limit', 'offset', 'sort'].includes(key));
  if (paging.length) throw new ToolError(`filter must not contain ${paging.join(', ')}: use the tool's own ${paging.join('/')} parameter instead.`);
  const bodyKeys = keys.filter((key) => sections.includes(key));
  if (bodyKeys.length === keys.length) return raw;
  if (bodyKeys.length === 0) return { [primary]: raw };
  const unknown = keys.filter((key) => !sections.includes(key));
  throw new ToolError(
    `filter has unknown top-level key(s) ${unknown.map((k) => `"${k}"`).join(', ')}: a full filter body may only contain ${sections.join(', ')} (or pass just the ${primary} filter on its own).`,
  );
}
