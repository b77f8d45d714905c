/**
 * Secrets must never reach tool output, logs or errors. The server's own secrets (profile,
 * environment, flags) are registered process-wide and masked everywhere, logs included.
 * A request's secrets (HTTP headers) travel with that request's configuration and are masked
 * in its output only: a multi-tenant server must not collect every caller's key for good.
 */
const serverSecrets = new Set<string>();

/** The forms a secret can leak in: as is, Base64 (Basic auth) and URL-encoded. */
export function secretForms(secret: string | undefined): string[] {
  if (!secret || secret.length < 4) return [];
  return [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)];
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
