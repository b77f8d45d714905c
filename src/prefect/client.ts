/**
 * A small Prefect REST client on undici. One shared dispatcher keeps connections alive
 * and honours HTTP(S)_PROXY / NO_PROXY; each call has its own timeout and a bounded retry
 * budget that respects Retry-After.
 *
 * What may be re-sent is decided by whether the server may already have acted on the request:
 * a 429 was not processed, so anything may be retried after it; a gateway error (502/503/504)
 * or a reset connection may come after the server did the work, so only requests that cannot
 * act twice are re-sent: reads (GET, and Prefect's POST …/filter-style queries) and writes that
 * carry an idempotency key (`idempotent: true`). A timeout is never re-sent: the caller's time is spent.
 */
import type { Dispatcher } from 'undici';
import type { ResolvedConfig } from '../config/resolve.js';
import { redactSecrets, redactUrl } from '../config/redact.js';
import { log } from '../log.js';
import { parseRetryAfter } from '../retry-after.js';
import { PrefectApiError, describeNotFound, describeValidation } from './errors.js';

const GATEWAY_STATUSES = new Set([502, 503, 504]);
const MAX_ATTEMPTS = 3;
/** A Retry-After longer than this is reported to the caller instead of waited out. */
const MAX_RETRY_WAIT_MS = 10_000;
/** How much of an unexpected response body an error message quotes. */
const EXCERPT_CHARS = 200;

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
  /**
   * The write carries an idempotency key (Prefect's `idempotency_key`): the server answers a
   * replay with the first result, so it may be re-sent after a gateway error or a reset.
   */
  idempotent?: boolean;
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
    const replayable = options.idempotent === true || isReadOnly(method, path);

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
        // A reused keep-alive socket the server closed meanwhile, or a server restarting.
        if (replayable && attempt < MAX_ATTEMPTS && !signal.aborted && isConnectionReset(error)) continue;
        throw this.transportError(error, timeout.aborted);
      }
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        throw this.transportError(error, timeout.aborted);
      }
      log.debug(`${method} ${path} -> ${response.statusCode} in ${Date.now() - started} ms`);
      if (response.statusCode < 300) return this.parse<T>(response, path, text);

      const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      const status = response.statusCode;
      // A 429 was refused before any work; a gateway error may hide work already done.
      const retryable = status === 429 || (GATEWAY_STATUSES.has(status) && replayable);
      if (retryable && attempt < MAX_ATTEMPTS) {
        const wait = retryAfterMs ?? 250 * 2 ** (attempt - 1);
        if (wait <= MAX_RETRY_WAIT_MS) {
          await sleepUnlessAborted(wait, options.signal);
          continue;
        }
      }
      throw this.statusError(status, path, text, retryAfterMs, contentType(response), method !== 'GET' && !replayable);
    }
  }

  /**
   * A 2xx body must be JSON of the shape Prefect's endpoints promise (…/filter answers a list of
   * objects, except the event feed's page object; …/count a number): anything else is a proxy, a UI or a broken server answering, and
   * is reported as such instead of failing later in a tool.
   */
  private parse<T>(response: Dispatcher.ResponseData, path: string, text: string): T {
    if (!text) return undefined as T;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.badResponse(response.statusCode, path, `a body that is not JSON (${contentType(response) || 'no content-type'}): "${this.quote(text)}"`, text);
    }
    const problem = shapeProblem(path.split('?')[0], parsed);
    if (problem) throw this.badResponse(response.statusCode, path, `JSON that is not ${problem}: ${this.quote(text)}`, text);
    return parsed as T;
  }

  private badResponse(status: number, path: string, what: string, text: string): PrefectApiError {
    return new PrefectApiError(
      'bad_response',
      `Prefect API at ${redactUrl(this.apiUrl)} answered ${status} for ${path} with ${what}. ` +
        `That is not the Prefect API speaking: check the server and any proxy in between.${this.apiPathHint(text)}`,
      status,
    );
  }

  /** Prefect's UI shares the API's host: HTML from an API URL without `/api` means the `/api` is missing. */
  private apiPathHint(text: string): string {
    if (!/^\s*</.test(text) || this.config.isCloud) return '';
    const url = new URL(this.apiUrl);
    if (/\/api$/.test(url.pathname)) return ' (PREFECT_API_URL must point at the API, not the UI.)';
    return ` Did you mean ${redactUrl(this.apiUrl)}/api? PREFECT_API_URL must end in /api, not point at the UI.`;
  }

  private transportError(error: unknown, timedOut: boolean): PrefectApiError {
    const where = redactUrl(this.apiUrl);
    if (timedOut || (error as { name?: string }).name === 'TimeoutError' || /timeout/i.test(String((error as Error).message))) {
      return new PrefectApiError(
        'timeout',
        `Prefect API at ${where} did not answer within ${this.config.timeoutMs / 1000} s. The server may be overloaded or hung; check it, or raise PREFECT_MCP_TIMEOUT (seconds).`,
      );
    }
    if ((error as { name?: string }).name === 'AbortError') {
      return new PrefectApiError('cancelled', `The call to the Prefect API at ${where} was cancelled.`);
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

  private statusError(
    status: number,
    path: string,
    text: string,
    retryAfterMs: number | undefined,
    type: string,
    maybeDone: boolean,
  ): PrefectApiError {
    const where = redactUrl(this.apiUrl);
    const credential = this.describeCredential();
    let parsed: unknown;
    try {
      parsed = text && !/html/i.test(type) ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const hint = this.apiPathHint(text);
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
          this.config.authMode === 'none'
            ? `Prefect API at ${where} refused access to ${path} (403) and no credential is set: set PREFECT_API_KEY (Prefect Cloud) or PREFECT_API_AUTH_STRING (a server with basic auth), or check the proxy in front of it.${hint}`
            : `Prefect API at ${where} refused access to ${path} (403) with ${credential}: the credential is valid but lacks permission, or the workspace in PREFECT_API_URL is not one it can access.`,
          status,
        );
      case 404:
        return new PrefectApiError('not_found', hint ? `Prefect API path ${path} was not found at ${where} (404, an HTML page).${hint}` : describeNotFound(path), status);
      case 422:
        return new PrefectApiError(
          'invalid',
          `Prefect rejected the request as invalid (422): ${this.quote(describeValidation(parsed), 1000)}. Fix the named fields (filters must use Prefect's filter schema) and try again.`,
          status,
        );
      case 429: {
        const wait = retryAfterMs !== undefined ? ` Retry after ${Math.ceil(retryAfterMs / 1000)} s.` : '';
        return new PrefectApiError('rate_limited', `Prefect API at ${where} is rate limiting requests (429).${wait} Make fewer or smaller calls.`, status);
      }
      default: {
        const detail = this.quote(parsed !== undefined ? describeValidation(parsed) : text, parsed !== undefined ? 300 : EXCERPT_CHARS);
        const kind = status >= 500 ? 'server_error' : 'http_error';
        const serverHint = status >= 500 ? ' The Prefect server (or a proxy in front of it) failed; check its logs.' : '';
        // A gateway error after a write: the server may have done it, and it was not re-sent.
        const done = maybeDone && status >= 500 ? ' The request may still have taken effect: check before trying again.' : '';
        return new PrefectApiError(kind, `Prefect API at ${where} answered ${status} for ${path}${detail ? `: ${detail}` : ''}.${serverHint}${done}${hint}`, status);
      }
    }
  }

  /** A bounded, redacted quote of upstream text (redacted before the cut, so no partial secret survives). */
  private quote(text: string, max = EXCERPT_CHARS): string {
    return excerpt(redactSecrets(text.slice(0, max * 8), this.config.secrets), max);
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
export function isReadOnly(method: Dispatcher.HttpMethod, path: string): boolean {
  return method === 'GET' || (method === 'POST' && /\/(filter|count|paginate|history)(\/next)?$/.test(path.split('?')[0]));
}

/** What a Prefect query endpoint's answer should have been, when it is something else. */
function shapeProblem(route: string, parsed: unknown): string | undefined {
  if (route === '/events/filter') return isObject(parsed) && Array.isArray(parsed.events) ? undefined : 'an object with an events list';
  if (/\/filter$/.test(route)) return Array.isArray(parsed) && parsed.every(isObject) ? undefined : 'a list of objects';
  if (/\/count$/.test(route)) return typeof parsed === 'number' ? undefined : 'a number';
  if (/\/paginate$/.test(route)) return isObject(parsed) && Array.isArray(parsed.results) ? undefined : 'an object with a results list';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function contentType(response: Dispatcher.ResponseData): string {
  const value = response.headers['content-type'];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** A short, single-line quote of a body: whitespace collapsed, cut at `max` characters. */
function excerpt(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
