#!/usr/bin/env node
/**
 * prefect-mcp command line. No arguments: serve MCP over stdio (what editors spawn).
 */
// First: it sets a V8 flag that must hold while the other modules load.
import { restoreYoungGeneration } from './young-generation.js';
import { Command, InvalidArgumentError } from 'commander';
import { registerIndexCommand } from '../../index-builder/command.js';
import { resolveConfig, type CliFlags, type ResolvedConfig } from '../config/resolve.js';
import { toolsetsHelp } from '../config/toolsets.js';
import { DocsService } from '../docs/service.js';
import { log, setLogLevel } from '../log.js';
import { serveHttp } from '../transports/http.js';
import { serveStdio } from '../transports/stdio.js';
import { VERSION } from '../version.js';
import { buildDocsIndex } from './docs-builder.js';
import { runDoctor } from './doctor.js';

interface GlobalOptions {
  apiUrl?: string;
  timeout?: number;
  toolsets?: string;
  allowWrites?: boolean;
  docsDb?: string;
  httpToken?: string;
  allowedOrigins?: string;
}

function toFlags(options: GlobalOptions): CliFlags {
  const { apiUrl, timeout, toolsets, allowWrites, docsDb, httpToken, allowedOrigins } = options;
  return { apiUrl, timeoutSeconds: timeout, toolsets, allowWrites, docsDb, httpToken, allowedOrigins };
}

/** Every command starts here: the resolver decides, and the logger takes its level from it. */
function configure(command: Command): { config: ResolvedConfig; flags: CliFlags } {
  const flags = toFlags(command.optsWithGlobals<GlobalOptions>());
  const config = resolveConfig({ flags });
  setLogLevel(config.logLevel);
  return { config, flags };
}

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive number');
  return parsed;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return parsed;
}

const program = new Command('prefect-mcp')
  .description('MCP server that makes your AI assistant a Prefect expert: offline docs and CLI syntax, read-only Prefect API tools, diagnosis.')
  .version(VERSION)
  .option('--api-url <url>', 'Prefect API URL (overrides PREFECT_API_URL and the active profile)')
  .option('--timeout <seconds>', 'per-request timeout for Prefect API calls (default 15)', positiveNumber)
  .option('--toolsets <list>', toolsetsHelp())
  .option('--allow-writes', 'register write tools (run_deployment, cancel_flow_run); also PREFECT_MCP_ALLOW_WRITES=1')
  .option('--docs-db <file>', 'docs index file (default data/prefect-docs.sqlite; also PREFECT_MCP_DOCS_DB)');

program
  .command('serve', { isDefault: true })
  .description('serve MCP over stdio (default) or Streamable HTTP')
  .option('--http', 'serve Streamable HTTP at /mcp instead of stdio')
  .option('--host <host>', 'HTTP bind address', '127.0.0.1')
  .option('--port <port>', 'HTTP port (0 picks a free one)', port, 8765)
  .option('--http-token <token>', 'require Authorization: Bearer <token> (also PREFECT_MCP_HTTP_TOKEN)')
  .option('--allowed-origins <list>', 'comma-separated browser Origins allowed besides loopback (also PREFECT_MCP_ALLOWED_ORIGINS)')
  .action(async (options: { http?: boolean; host: string; port: number }, command: Command) => {
    const { config, flags } = configure(command);
    const docs = new DocsService(config.docs, buildDocsIndex);
    docs.start();
    // Reads the installed prefect's command tree once, in the background (cached on disk).
    docs.installedCli(config.prefectBin);
    if (!options.http) {
      await serveStdio(config, docs);
      // The session is over: a background docs build must not keep the process alive.
      docs.stop();
      return;
    }
    const server = await serveHttp(
      {
        bindHost: options.host,
        port: options.port,
        token: config.http.token,
        allowedOrigins: config.http.allowedOrigins,
        flags,
        env: process.env,
      },
      docs,
    );
    const stop = () => {
      docs.stop();
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('doctor')
  .description('check the Prefect connection, credentials and docs index, and say what to fix')
  .action(async (_options: unknown, command: Command) => {
    const { config } = configure(command);
    process.exitCode = await runDoctor(config, new DocsService(config.docs));
  });

registerIndexCommand(program, (command) => configure(command).config.docs);

// The indexer and the HTTP server allocate at a high rate for a while: V8's default young generation suits them.
program.hook('preAction', (_program, action) => {
  if (action.name() === 'index' || action.opts<{ http?: boolean }>().http) restoreYoungGeneration();
});

program.parseAsync().catch((error: unknown) => {
  log.error((error as Error).message);
  process.exit(1);
});
