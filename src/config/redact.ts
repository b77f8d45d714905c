/**
 * Secrets must never reach tool output, logs or errors. Every secret the
 * resolver sees is registered here; `redactSecrets` masks each of them (and
 * the Basic-auth encoding of auth strings) wherever it appears in a string.
 */
const knownSecrets = new Set<string>();

export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < 4) return;
  knownSecrets.add(secret);
  knownSecrets.add(Buffer.from(secret).toString('base64'));
  knownSecrets.add(encodeURIComponent(secret));
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join('***');
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
