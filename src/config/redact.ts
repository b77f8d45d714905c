/**
 * Secrets must never reach tool output, logs or errors. The server's own secrets (profile,
 * environment, flags) are registered process-wide and masked everywhere, logs included.
 * A request's secrets (HTTP headers) travel with that request's configuration and are masked
 * in its output only: a multi-tenant server must not collect every caller's key for good.
 */
const serverSecrets = new Set<string>();

/**
 * The forms a secret can leak in: as is, JSON-escaped (inside serialized JSON), Base64 and
 * Base64url (Basic auth, tokens), URL-encoded (path or query) and form-encoded (`+` for space).
 * Longest first, so a longer form is masked whole before a shorter one could cut into it.
 */
export function secretForms(secret: string | undefined): string[] {
  if (!secret || secret.length < 4) return [];
  const bytes = Buffer.from(secret);
  const forms = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  return [...forms].sort((a, b) => b.length - a.length);
}

export function registerSecret(secret: string | undefined): void {
  for (const form of secretForms(secret)) serverSecrets.add(form);
}

export function redactSecrets(text: string, requestSecrets: readonly string[] = []): string {
  let out = text;
  for (const secrets of [serverSecrets, requestSecrets]) {
    for (const secret of secrets) {
      if (out.includes(secret)) out = out.split(secret).join('***');
    }
  }
  return out;
}

/**
 * Masks secrets in structured data before it is serialized: every string (values and keys) is
 * redacted where it stands, so a secret is never met only in an escaped form of the JSON text.
 */
export function redactData<T>(value: T, requestSecrets: readonly string[] = []): T {
  if (serverSecrets.size === 0 && requestSecrets.length === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redactSecrets(item, requestSecrets);
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [redactSecrets(key, requestSecrets), walk(inner)]));
    }
    return item;
  };
  return walk(value) as T;
}

/** A URL with any user:password part removed, safe to show. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return redactSecrets(parsed.toString().replace(/\/$/, ''));
  } catch {
    return redactSecrets(url);
  }
}
