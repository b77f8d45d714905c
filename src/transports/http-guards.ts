/**
 * Request checks for the HTTP transport. Browsers can be tricked into calling a
 * loopback server (DNS rebinding), so a browser Origin must be allowed explicitly
 * and, on loopback, the Host must be a loopback name.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

/** Origins always allowed: pages served from this machine's loopback addresses, any port. */
function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
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
    return { status: 403, message: `Origin ${origin} is not allowed; add it with --allowed-origins or PREFECT_MCP_ALLOWED_ORIGINS.` };
  }
  if (isLoopbackHost(options.bindHost)) {
    const hostname = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!isLoopbackHost(hostname)) {
      return { status: 403, message: `Host ${hostname || '(none)'} is not allowed for a server bound to ${options.bindHost}.` };
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
