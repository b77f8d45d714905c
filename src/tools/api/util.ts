/** Small rendering helpers beyond shared.ts: "how long ago" for heartbeats, one-line clipping. */
import { humanDuration } from './shared.js';

export function secondsSince(iso: string | null | undefined, now = Date.now()): number | null {
  if (!iso) return null;
  const time = new Date(iso).getTime();
  return Number.isNaN(time) ? null : Math.max(0, Math.round((now - time) / 1000));
}

/** "12s ago", or "never" when there is no timestamp. */
export function ago(seconds: number | null): string {
  return seconds === null ? 'never' : `${humanDuration(seconds)} ago`;
}

/** Keeps one-line renderings short. */
export function clip(text: string | null | undefined, max = 80): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
