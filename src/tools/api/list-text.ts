/**
 * The one text shape of every list tool (after playwright-mcp's response builder):
 *
 *   3 flow runs from offset 10:        ← header: count, noun, offset
 *   <one line per object>              ← with detail, the object's full JSON indented below it
 *   note: limit 500 was clamped to 200; page with offset to see more
 *   more available: call again with offset=13
 *
 * and, when nothing matches, the same sentence everywhere: "No flow runs match."
 */
import { pageFooter } from './shared.js';

export interface ListMeta {
  count: number;
  offset: number;
  has_more: boolean;
  next_offset: number | null;
  notes: string[];
}

/** A noun for one object and for several: ['flow run', 'flow runs']. */
export type Noun = readonly [singular: string, plural: string];

export function renderList(noun: Noun, lines: string[], meta: ListMeta, summary?: string): string {
  const from = meta.offset ? ` from offset ${meta.offset}` : '';
  const header = meta.count
    ? `${meta.count} ${meta.count === 1 ? noun[0] : noun[1]}${from}${summary ? ` (${summary})` : ''}:`
    : `No ${noun[1]} match${from}.`;
  return [header, ...lines, pageFooter(meta)].filter(Boolean).join('\n');
}

/** The detail style: the summary line, then every field Prefect returned, as one indented JSON line. */
export function withDetail(line: string, full: unknown): string {
  return full === undefined ? line : `${line}\n  ${JSON.stringify(full)}`;
}
