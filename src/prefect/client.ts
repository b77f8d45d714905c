/**
 * A small Prefect REST client on undici. One shared dispatcher keeps connections alive
 * and honours HTTP(S)_PROXY / NO_PROXY; each call has its own timeout and a bounded
 * retry budget for 429/502/503/504 that respects Retry-After.
 */
import type { Dispatcher } from 'undici';
import type { ResolvedConfig } from '../config/resolve.js';
import { redactSecrets, redactUrl } from '../config/redact.js';
import { log } from '../log.js';
import { PrefectApiError, describeNotFound, describeValidation } from './errors.js';

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const MAX_ATTEMPTS = 3;
/** A Retry-After longer than this is reported to the caller instead of waited out. */
const MAX_RETRY_WAIT_MS = 10_000;

/** undici loads at the first API call, not at start-up: a docs-only session never needs it. */
let http: Promise<{ request: typeof import('undici').request; dispatcher: Dispatcher }> | undefined;
function loadHttp() {
  http ??= import('undici').then(({ request, EnvHttpProxyAgent }) => ({
    request,
    // Below uvicorn's 5 s keep-alive, so we drop an idle socket before the Prefect server does.
    dispatcher: new EnvHttpProxyAgent({ keepAliveTimeout: 4_000, connections: 16 }),
  }));
  return http;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

export class PrefectClient {
  readonly apiUrl: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly config: ResolvedConfig) {
    this.apiUrl = config.apiUrl;
    this.headers = { accept: 'application/json', 'user-agent': 'prefect-mcp' };
    if (config.apiKey) this.headers.authorization = `Bearer ${config.apiKey}`;
    else if (config.authString) this.headers.authorization = `Basic ${Buffer.from(config.authString).toString('base64')}`;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('GET', path, options);
  }

  post<T>(path: string, body: unknown = {}, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('POST', path, { ...options, body });
  }

  async send<T>(method: Dispatcher.HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(this.apiUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers = { ...this.headers };
    let body: string | undefined;
    if (options.body !== undefined && method !== 'GET') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }

    const { request, dispatcher } = await loadHttp();
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const timeout = AbortSignal.timeout(this.config.timeoutMs);
      const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method,
          headers,
          body,
          signal,
          dispatcher,
          headersTimeout: this.config.timeoutMs,
          bodyTimeout: this.config.timeoutMs,
        });
      } catch (error) {
        // A reused keep-alive socket the server closed meanwhile: safe to send again when the call only reads.
        if (attempt === 1 && !timeout.aborted && isConnectionReset(error) && isReadOnly(method, path)) continue;
        throw this.transportError(error, timeout.aborted);
      }
      const text = await response.body.text().catch(() => '');
      log.debug(`${method} ${path} -> ${response.statusCode} in ${Date.now() - started} ms`);
      if (response.statusCode < 300) return (text ? JSON.parse(text) : undefined) as T;

      const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      if (RETRY_STATUSES.has(response.statusCode) && attempt < MAX_ATTEMPTS) {
        const wait = retryAfterMs ?? 250 * 2 ** (attempt - 1);
        if (wait <= MAX_RETRY_WAIT_MS) {
          await new Promise((resolve) => setTimeout(resolve, wait));
          continue;
        }
      }
      throw this.statusError(response.statusCode, path, text, retryAfterMs);
    }
  }

  private transportError(error: unknown, timedOut: boolean): PrefectApiError {
    const where = redactUrl(this.apiUrl);
    if (timedOut || (error as { name?: string }).name === 'TimeoutError' || /timeout/i.test(String((error as Error).message))) {
      return new PrefectApiError(
        'timeout',
        `Prefect API at ${where} did not answer within ${this.config.timeoutMs / 1000} s. The server may be overloaded or hung; check it, or raise PREFECT_MCP_TIMEOUT (seconds).`,
      );
    }
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (isConnectionReset(error)) {
      return new PrefectApiError(
        'unreachable',
        `Prefect API at ${where} closed the connection before answering (${code}): the server may be restarting or overloaded. Check that it is up (get_identity), then try again.`,
      );
    }
    return new PrefectApiError(
      'unreachable',
      `Prefect API at ${where} is unreachable${code ? ` (${code})` : ''}: start one with \`prefect server start\` or set PREFECT_API_URL to your server or Prefect Cloud workspace.`,
    );
  }

  private statusError(status: number, path: string, text: string, retryAfterMs: number | undefined): PrefectApiError {
    const where = redactUrl(this.apiUrl);
    const credential = this.describeCredential();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    switch (status) {
      case 401:
        return new PrefectApiError(
          'unauthorized',
          this.config.authMode === 'none'
            ? `Prefect API at ${where} requires authentication (401) and no credential is set: set PREFECT_API_KEY for Prefect Cloud, or PREFECT_API_AUTH_STRING ("user:password") for a self-hosted server with basic auth.`
            : `Prefect API at ${where} rejected ${credential} (401): check that it is correct and not expired or revoked.`,
          status,
        );
      case 403:
        return new PrefectApiError(
          'forbidden',
          `Prefect API at ${where} refused access to ${path} (403) with ${credential}: the credential is valid but lacks permission, or the workspace in PREFECT_API_URL is not one it can access.`,
          status,
        );
      case 404:
        return new PrefectApiError('not_found', describeNotFound(path), status);
      case 422:
        return new PrefectApiError(
          'invalid',
          `Prefect rejected the request as invalid (422): ${redactSecrets(describeValidation(parsed), this.config.secrets)}. Fix the named fields (filters must use Prefect's filter schema) and try again.`,
          status,
        );
      case 429: {
        const wait = retryAfterMs !== undefined ? ` Retry after ${Math.ceil(retryAfterMs / 1000)} s.` : '';
        return new PrefectApiError('rate_limited', `Prefect API at ${where} is rate limiting requests (429).${wait} Make fewer or smaller calls.`, status);
      }
      default: {
        const detail = redactSecrets(parsed !== undefined ? describeValidation(parsed) : text, this.config.secrets).slice(0, parsed !== undefined ? 300 : 200);
        const kind = status >= 500 ? 'server_error' : 'http_error';
        const hint = status >= 500 ? ' The Prefect server failed; check its logs, then try again.' : '';
        return new PrefectApiError(kind, `Prefect API at ${where} answered ${status} for ${path}${detail ? `: ${detail}` : ''}.${hint}`, status);
      }
    }
  }

  private describeCredential(): string {
    const from = this.config.sources.credential ? ` (from ${this.config.sources.credential})` : '';
    if (this.config.authMode === 'api-key') return `the API key${from}`;
    if (this.config.authMode === 'basic') return `the basic auth string${from}`;
    return 'no credential';
  }
}

const RESET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

function isConnectionReset(error: unknown): boolean {
  const { code, cause } = error as { code?: string; cause?: { code?: string } };
  return RESET_CODES.has(code ?? '') || RESET_CODES.has(cause?.code ?? '');
}

/** Prefect reads by POSTing filters; those, and GETs, can be repeated without effect. */
function isReadOnly(method: Dispatcher.HttpMethod, path: string): boolean {
  return method === 'GET' || /\/(filter|count|paginate|history)(\/next)?$/.test(path.split('?')[0]);
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
