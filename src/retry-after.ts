/**
 * The HTTP Retry-After header (RFC 9110 §10.2.3), parsed once for every client in the project
 * (the Prefect API client and the docs crawler): delay-seconds or an HTTP date, as milliseconds.
 */
export function parseRetryAfter(value: string | string[] | null | undefined, now: number = Date.now()): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
