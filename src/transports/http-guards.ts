/**
 * Request checks for the HTTP transport. Browsers can be tricked into calling a
 * loopback server (DNS rebinding), so a browser Origin must be allowed explicitly
 * and, on loopback, the Host must be a loopback name.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The loopback names, matched exactly (any case), with an optional port. Never a prefix: a name
 * like `127.attacker.example` or `127.0.0.1.nip.io` is whatever the attacker's DNS says it is.
 */
const LOOPBACK_NAME = String.raw`(?:localhost|127\.0\.0\.1|\[::1\])`;
const LOOPBACK_HOST_HEADER = new RegExp(String.raw`^${LOOPBACK_NAME}(?::\d{1,5})?$`, 'i');
const LOOPBACK_ORIGIN = new RegExp(String.raw`^https?://${LOOPBACK_NAME}(?::\d{1,5})?$`, 'i');

/** A bind address on this machine only: then the Host header must name loopback too. */
export function isLoopbackBind(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A Host header naming loopback exactly, or the very address the server is bound to. */
export function isLoopbackHostHeader(host: string, bindHost: string): boolean {
  return LOOPBACK_HOST_HEADER.test(host) || host.replace(/:\d{1,5}$/, '') === bindHost;
}

/** Origins always allowed: pages served from this machine's loopback names, any port, matched on the raw header. */
export function isLoopbackOrigin(origin: string): boolean {
  return LOOPBACK_ORIGIN.test(origin);
}

export interface GuardOptions {
  bindHost: string;
  allowedOrigins: string[];
  token?: string;
}

/** Returns a rejection (status and message) or undefined when the request may proceed. */
export function checkRequest(req: IncomingMessage, options: GuardOptions): { status: number; message: string } | undefined {
  const origin = req.headers.origin;
  if (origin && !isLoopbackOrigin(origin) && !options.allowedOrigins.includes(origin)) {
    return { status: 403, message: `Origin ${bounded(origin)} is not allowed; add it with --allowed-origins or PREFECT_MCP_ALLOWED_ORIGINS.` };
  }
  if (isLoopbackBind(options.bindHost)) {
    const host = req.headers.host ?? '';
    if (!isLoopbackHostHeader(host, options.bindHost)) {
      return { status: 403, message: `Host ${bounded(host) || '(none)'} is not allowed for a server bound to ${options.bindHost}: use 127.0.0.1, localhost or [::1].` };
    }
  }
  if (options.token) {
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(options.token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      return { status: 401, message: 'Missing or wrong bearer token: send Authorization: Bearer <PREFECT_MCP_HTTP_TOKEN>.' };
    }
  }
  return undefined;
}

/** Headers are attacker-controlled: quote at most a line of them. */
function bounded(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}
