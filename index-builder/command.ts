/** `prefect-mcp index`: the CLI face of buildIndex. */
import type { Command } from 'commander';
import { cliCommand } from '../src/paths.js';
import { DEFAULT_CONCURRENCY } from './defaults.js';

interface IndexFlags {
  source?: string;
  out?: string;
  concurrency: number;
  refresh?: boolean;
}

/**
 * `docsSettings` is the configuration resolver's answer for this command line (the global
 * --docs-db flag, PREFECT_MCP_DOCS_DB, PREFECT_MCP_DOCS_SOURCE, defaults): this command reads
 * no environment of its own.
 */
export function registerIndexCommand(program: Command, docsSettings: (command: Command) => { dbPath: string; source: string }): void {
  program
    .command('index')
    .description('Build or refresh the offline Prefect docs store from docs.prefect.io or a local docs checkout')
    .option('--source <url|dir>', 'docs site URL, or the docs/ folder of a Prefect checkout (default: $PREFECT_MCP_DOCS_SOURCE or https://docs.prefect.io)')
    .option('--out <file>', 'store file (default: --docs-db, $PREFECT_MCP_DOCS_DB or data/prefect-docs.sqlite)')
    .option('--concurrency <n>', 'parallel page requests', parsePositive, DEFAULT_CONCURRENCY)
    .option('--refresh', 'start from the current store and re-process only changed pages')
    .action(async (flags: IndexFlags, command: Command) => {
      const settings = docsSettings(command);
      // Loaded here, not at the top: every server start registers this command, few run it.
      const [{ buildIndex, BuildFailedError }, { createProgressReporter }] = await Promise.all([import('./build.js'), import('./progress.js')]);
      const reporter = createProgressReporter();
      const controller = new AbortController();
      const abort = () => controller.abort(new Error('interrupted'));
      process.once('SIGINT', abort);
      process.once('SIGTERM', abort);
      try {
        const summary = await buildIndex({
          source: flags.source ?? settings.source,
          out: flags.out ?? settings.dbPath,
          concurrency: flags.concurrency,
          refresh: flags.refresh === true,
          onProgress: reporter.update,
          signal: controller.signal,
        });
        reporter.finish(summary);
      } catch (error) {
        reporter.fail(error as Error, error instanceof BuildFailedError ? error.failed : []);
        if (!(error instanceof BuildFailedError) && !/docs\.json|interrupted|cannot create the store file/.test((error as Error).message)) {
          process.stderr.write(`index: a local docs checkout works offline: ${cliCommand('index --source <path-to-prefect>/docs')}\n`);
        }
        process.exitCode = 1;
      } finally {
        process.off('SIGINT', abort);
        process.off('SIGTERM', abort);
      }
    });
}

function parsePositive(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--concurrency must be a positive integer, got "${value}"`);
  return parsed;
}
