/**
 * Logging goes to stderr only: in stdio mode stdout is the MCP protocol stream,
 * and a stray byte there corrupts the session. Every line passes through the
 * secret redactor, so a credential that leaks into a message is masked here too.
 */
import { redactSecrets } from './config/redact.js';
import { LOG_LEVELS, type LogLevel } from './config/log-level.js';

export type { LogLevel };

/** Set once from the resolved configuration (resolveConfig's logLevel); info until then. */
let threshold = LOG_LEVELS.indexOf('info');

export function setLogLevel(level: LogLevel): void {
  threshold = LOG_LEVELS.indexOf(level);
}

function write(level: LogLevel, message: string): void {
  if (LOG_LEVELS.indexOf(level) < threshold) return;
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} prefect-mcp: ${redactSecrets(message)}\n`);
}

export const log = {
  debug: (message: string) => write('debug', message),
  info: (message: string) => write('info', message),
  warn: (message: string) => write('warn', message),
  error: (message: string) => write('error', message),
};
