/**
 * The one place configuration is decided. Precedence, lowest first:
 *   defaults < active Prefect profile < environment < CLI flags < per-request HTTP headers.
 * Prefect connection settings follow the Prefect SDK's names; server settings use PREFECT_MCP_*.
 */
import { readActiveProfile, ProfileError, type ActiveProfile } from './profiles.js';
import { registerSecret, secretForms } from './redact.js';
import { defaultDocsDbPath, userCacheDir } from '../paths.js';
import { LOG_LEVELS, type LogLevel } from './log-level.js';

import { TOOLSETS, type Toolset } from './toolsets.js';

export { TOOLSETS, type Toolset };
export type ConfigSource = 'default' | 'profile' | 'env' | 'flag' | 'header';
export type AuthMode = 'none' | 'api-key' | 'basic';

export const DEFAULT_API_URL = 'http://127.0.0.1:4200/api';
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_DOCS_SOURCE = 'https://docs.prefect.io';

/** Settings a user may pass on the command line. */
export interface CliFlags {
  apiUrl?: string;
  timeoutSeconds?: number;
  toolsets?: string;
  allowWrites?: boolean;
  docsDb?: string;
  httpToken?: string;
  /** Comma-separated browser Origins. */
  allowedOrigins?: string;
}

/** Per-request headers (lower-cased names, as Node gives them). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

export interface ResolvedConfig {
  apiUrl: string;
  apiKey?: string;
  authString?: string;
  authMode: AuthMode;
  isCloud: boolean;
  accountId?: string;
  workspaceId?: string;
  /** PREFECT_UI_URL from the environment or the profile, when set; otherwise the UI is derived from apiUrl. */
  uiUrl?: string;
  /** Where the API URL and the credential came from, for `doctor` and error hints. */
  sources: { apiUrl: ConfigSource; credential?: ConfigSource };
  profile?: { name: string; path: string };
  /** A broken profiles file does not stop the server; API tools report it instead. */
  profileError?: string;
  /** Every form of this configuration's credential, for redaction of what this request returns. */
  secrets: readonly string[];
  timeoutMs: number;
  toolsets: Toolset[];
  allowWrites: boolean;
  docs: { dbPath: string; source: string; autoBuild: boolean; maxAgeDays: number; cacheDir: string };
  prefectBin?: string;
  /** Streamable HTTP only: the bearer token callers must send, and browser Origins allowed besides loopback. */
  http: { token?: string; allowedOrigins: string[] };
  /** An unknown PREFECT_MCP_LOG_LEVEL falls back to info rather than stopping the server. */
  logLevel: LogLevel;
}

interface PrefectLayer {
  apiUrl?: string;
  apiKey?: string;
  authString?: string;
  uiUrl?: string;
}

const CLOUD_PATH = /\/accounts\/([0-9a-f-]{36})\/workspaces\/([0-9a-f-]{36})/i;

export class ConfigError extends Error {}

/** The active Prefect profile, or why it could not be read. */
export interface LoadedProfile {
  profile?: ActiveProfile;
  error?: string;
}

export function loadProfile(env: NodeJS.ProcessEnv): LoadedProfile {
  try {
    return { profile: readActiveProfile(env) };
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    return { error: error.message };
  }
}

export function resolveConfig(
  options: {
    env?: NodeJS.ProcessEnv;
    flags?: CliFlags;
    headers?: RequestHeaders;
    /** Read once by a long-lived caller (the HTTP server resolves a config per request); read here otherwise. */
    profile?: LoadedProfile;
  } = {},
): ResolvedConfig {
  const env = options.env ?? process.env;
  const flags = options.flags ?? {};
  const { profile, error: profileError } = options.profile ?? loadProfile(env);

  const layers: Array<[ConfigSource, PrefectLayer]> = [
    ['default', { apiUrl: DEFAULT_API_URL }],
    ['profile', fromPrefectSettings(profile?.settings ?? {})],
    ['env', fromPrefectSettings(env)],
    ['flag', { apiUrl: flags.apiUrl }],
    ['header', fromHeaders(options.headers ?? {})],
  ];

  const merged: PrefectLayer = {};
  const sources: ResolvedConfig['sources'] = { apiUrl: 'default' };
  for (const [source, layer] of layers) {
    if (layer.apiUrl) {
      // A request that points us at another server must not inherit our own credentials:
      // they belong to the server configured below it, and would leak to the caller's URL.
      if (source === 'header' && layer.apiUrl !== merged.apiUrl) {
        delete merged.apiKey;
        delete merged.authString;
        delete merged.uiUrl;
        delete sources.credential;
      }
      merged.apiUrl = layer.apiUrl;
      sources.apiUrl = source;
    }
    if (layer.uiUrl) merged.uiUrl = layer.uiUrl;
    if (layer.apiKey) {
      merged.apiKey = layer.apiKey;
      delete merged.authString;
      sources.credential = source;
    }
    if (layer.authString) {
      merged.authString = layer.authString;
      delete merged.apiKey;
      sources.credential = source;
    }
  }
  checkCredential('PREFECT_API_KEY', merged.apiKey, sources.credential);
  checkCredential('PREFECT_API_AUTH_STRING', merged.authString, sources.credential);
  // Header credentials are the caller's, masked per request (config.secrets); ours are masked everywhere.
  if (sources.credential !== 'header') {
    registerSecret(merged.apiKey);
    registerSecret(merged.authString);
  }

  const apiUrl = normalizeApiUrl(merged.apiUrl ?? DEFAULT_API_URL);
  const cloud = CLOUD_PATH.exec(apiUrl);
  const timeoutSeconds = flags.timeoutSeconds ?? numberFrom(env.PREFECT_MCP_TIMEOUT, 'PREFECT_MCP_TIMEOUT');

  return {
    apiUrl,
    apiKey: merged.apiKey,
    authString: merged.authString,
    authMode: merged.apiKey ? 'api-key' : merged.authString ? 'basic' : 'none',
    isCloud: Boolean(cloud),
    accountId: cloud?.[1],
    workspaceId: cloud?.[2],
    uiUrl: merged.uiUrl?.replace(/\/+$/, ''),
    sources,
    profile: profile ? { name: profile.name, path: profile.path } : undefined,
    profileError,
    secrets: [...secretForms(merged.apiKey), ...secretForms(merged.authString)],
    timeoutMs: timeoutSeconds !== undefined ? Math.round(timeoutSeconds * 1000) : DEFAULT_TIMEOUT_MS,
    toolsets: parseToolsets(flags.toolsets ?? env.PREFECT_MCP_TOOLSETS),
    allowWrites: flags.allowWrites === true || isTruthy(env.PREFECT_MCP_ALLOW_WRITES),
    docs: {
      // An empty value means unset here, as everywhere else: an empty path is never a store file.
      dbPath: flags.docsDb || env.PREFECT_MCP_DOCS_DB || defaultDocsDbPath(),
      source: env.PREFECT_MCP_DOCS_SOURCE || DEFAULT_DOCS_SOURCE,
      autoBuild: env.PREFECT_MCP_DOCS_AUTOBUILD === undefined || isTruthy(env.PREFECT_MCP_DOCS_AUTOBUILD),
      maxAgeDays: numberFrom(env.PREFECT_MCP_DOCS_MAX_AGE_DAYS, 'PREFECT_MCP_DOCS_MAX_AGE_DAYS') ?? 14,
      cacheDir: userCacheDir(env),
    },
    prefectBin: env.PREFECT_MCP_PREFECT_BIN || undefined,
    http: {
      token: flags.httpToken ?? (env.PREFECT_MCP_HTTP_TOKEN || undefined),
      allowedOrigins: (flags.allowedOrigins ?? env.PREFECT_MCP_ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    },
    logLevel: parseLogLevel(env.PREFECT_MCP_LOG_LEVEL),
  };
}

const SOURCE_NAMES: Record<ConfigSource, string> = {
  default: 'the defaults',
  profile: 'the active Prefect profile',
  env: 'the environment',
  flag: 'the command line',
  header: 'this request\'s X-Prefect-Api-* header',
};

/**
 * A credential becomes an HTTP header value: a control character (a pasted newline) or a
 * character beyond Latin-1 can never be sent, so it is refused here with its position, before
 * any request (the HTTP library would fail every call with a misleading network error).
 */
function checkCredential(name: string, value: string | undefined, source: ConfigSource | undefined): void {
  if (value === undefined) return;
  const bad = /[\u0000-\u001f\u007f]|[^\u0000-\u00ff]/.exec(value);
  if (!bad) return;
  const code = bad[0].codePointAt(0) ?? 0;
  const what = code < 0x20 || code === 0x7f ? `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')}${code === 10 ? ', a newline' : ''})` : 'a character outside Latin-1';
  throw new ConfigError(
    `${name} from ${SOURCE_NAMES[source ?? 'env']} contains ${what} at position ${bad.index + 1} of ${value.length}, so it cannot be sent as an HTTP header. Copy the credential again without line breaks or spaces around it.`,
  );
}

function fromPrefectSettings(values: Record<string, string | undefined>): PrefectLayer {
  return {
    apiUrl: values.PREFECT_API_URL || undefined,
    apiKey: values.PREFECT_API_KEY || undefined,
    authString: values.PREFECT_API_AUTH_STRING || undefined,
    uiUrl: values.PREFECT_UI_URL || undefined,
  };
}

function fromHeaders(headers: RequestHeaders): PrefectLayer {
  const get = (name: string) => {
    const value = headers[name];
    return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
  };
  return {
    apiUrl: get('x-prefect-api-url'),
    apiKey: get('x-prefect-api-key'),
    authString: get('x-prefect-api-auth-string'),
  };
}

function normalizeApiUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`PREFECT_API_URL "${url}" is not a valid URL; expected something like ${DEFAULT_API_URL}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`PREFECT_API_URL must be http(s), got "${parsed.protocol}"`);
  }
  return url.replace(/\/+$/, '');
}

export function parseToolsets(value: string | undefined): Toolset[] {
  if (!value || value.trim() === '' || value.trim() === 'all') return [...TOOLSETS];
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(TOOLSETS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(`Unknown toolset(s): ${unknown.join(', ')}. Choose from: ${TOOLSETS.join(', ')}, or all.`);
  }
  return names as Toolset[];
}

function parseLogLevel(value: string | undefined): LogLevel {
  const level = (value ?? '').trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'info';
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

function numberFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new ConfigError(`${name} must be a non-negative number, got "${value}"`);
  return parsed;
}
