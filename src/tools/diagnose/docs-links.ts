/**
 * Builds a finding's fix from the offline docs index: the CLI index confirms the command
 * and the search finds the page that explains the cause. The index may be missing or
 * still building, so every lookup degrades to "no link" instead of failing the diagnosis.
 */
import type { ToolContext } from '../define-tool.js';
import { log } from '../../log.js';
import type { Fix } from './findings.js';

export interface FixSpec {
  action: string;
  /** A Prefect CLI command path (e.g. "prefect work-pool resume") and its arguments. */
  cli?: { command: string; args?: string };
  /** A non-CLI command (REST call, Python) used when the CLI has none. */
  command?: string;
  /** What to search the docs for. */
  docs?: string;
}

export function buildFix(ctx: Pick<ToolContext, 'docs'>, spec: FixSpec): Fix {
  const { docs } = ctx;
  const fix: Fix = { action: spec.action };
  let cliUrl: string | undefined;
  if (spec.cli) {
    fix.command = [spec.cli.command, spec.cli.args].filter(Boolean).join(' ');
    cliUrl = safely(() => docs.cliCommand(spec.cli!.command))?.url;
  } else if (spec.command) {
    fix.command = spec.command;
  }
  // The command's own reference page is exact; search only fills in when there is no CLI fix.
  const url = cliUrl ?? (spec.docs ? safely(() => docs.search(spec.docs!, { limit: 1 }))?.[0]?.url : undefined);
  if (url) fix.docs_url = url;
  return fix;
}

function safely<T>(lookup: () => T): T | undefined {
  try {
    return lookup();
  } catch (error) {
    log.debug(`docs lookup failed, continuing without a link: ${(error as Error).message}`);
    return undefined;
  }
}
