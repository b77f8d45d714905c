/**
 * Logging goes to stderr only: in stdio mode stdout is the MCP protocol stream,
 * and a stray byte there corrupts the session. Every line passes through the
 * secret redactor, so a credential that leaks into a message is masked here too.
 */
import { redactSecrets } from './config/redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const raw = (process.env.PREFECT_MCP_LOG_LEVEL ?? 'info').toLowerCase() as LogLevel;
  return order[raw] ?? order.info;
}

function write(level: LogLevel, message: string): void {
  if (order[level] < threshold()) return;
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} prefect-mcp: ${redactSecrets(message)}\n`);
}

export const log = {
  debug: (message: string) => write('debug', message),
  info: (message: string) => write('info', message),
  warn: (message: string) => write('warn', message),
  error: (message: string) => write('error', message),
};
