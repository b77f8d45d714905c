/**
 * `prefect-mcp doctor`: checks the configuration the way the server would use it and
 * says what to fix. Output is for a person on a terminal; secrets are never printed.
 */
import { redactSecrets, redactUrl } from '../config/redact.js';
import type { ResolvedConfig } from '../config/resolve.js';
import type { DocsService } from '../docs/service.js';
import { PrefectClient } from '../prefect/client.js';

export async function runDoctor(config: ResolvedConfig, docs: DocsService): Promise<number> {
  const lines: string[] = [];
  const fixes: string[] = [];
  lines.push(`API URL:      ${redactUrl(config.apiUrl)} (from ${config.sources.apiUrl})`);
  lines.push(`Server type:  ${config.isCloud ? `Prefect Cloud (account ${config.accountId}, workspace ${config.workspaceId})` : 'self-hosted Prefect server'}`);
  lines.push(`Auth mode:    ${config.authMode}${config.sources.credential ? ` (from ${config.sources.credential})` : ''}`);
  lines.push(`Profile:      ${config.profile ? `${config.profile.name} (${config.profile.path})` : 'none'}`);
  if (config.profileError) {
    lines.push(`Profile error: ${config.profileError}`);
    fixes.push('Fix the profiles file named above, or set PREFECT_API_URL directly.');
  }
  if (config.isCloud && config.authMode !== 'api-key') fixes.push('Prefect Cloud needs PREFECT_API_KEY (create one in Cloud under your profile → API keys).');

  const client = new PrefectClient(config);
  try {
    const health = await client.get<unknown>('/health');
    lines.push(`Reachable:    yes (health: ${JSON.stringify(health)})`);
    try {
      lines.push(`Version:      ${String(await client.get<unknown>('/admin/version'))}`);
    } catch {
      lines.push('Version:      not exposed by this server');
    }
  } catch (error) {
    lines.push(`Reachable:    no — ${(error as Error).message}`);
    fixes.push((error as Error).message);
  }

  const docsStatus = docs.status();
  lines.push(`Docs index:   ${docsStatus.state} — ${docsStatus.message}`);
  const freshness = docs.freshness().line;
  if (freshness) lines.push(`Docs:         ${freshness}`);
  if (docsStatus.state !== 'ready') fixes.push(docsStatus.message);

  const installed = docs.installedCli(config.prefectBin);
  if (!installed) lines.push('prefect CLI:  none found (PREFECT_MCP_PREFECT_BIN, the active virtualenv, PATH): CLI answers come from the docs only');
  else {
    await installed.start();
    const state = installed.state();
    if (state.state === 'ready') lines.push(`prefect CLI:  ${state.version} at ${installed.bin} — ${state.commands} commands${state.cached ? ' (cached)' : ` (read in ${state.seconds} s)`}${state.errors ? `, ${state.errors} failed to load` : ''}`);
    else if (state.state === 'failed') {
      lines.push(`prefect CLI:  ${installed.bin} could not be read — ${state.reason}`);
      fixes.push(`Check that \`${installed.bin} --help\` works, or point PREFECT_MCP_PREFECT_BIN at a working prefect; until then CLI answers come from the docs only.`);
    }
  }

  lines.push(`Toolsets:     ${config.toolsets.join(', ')}${config.allowWrites ? ' (writes allowed)' : ' (read-only)'}`);
  lines.push(fixes.length ? `\nTo fix:\n${fixes.map((fix) => `  - ${fix}`).join('\n')}` : '\nAll checks passed.');
  process.stdout.write(redactSecrets(lines.join('\n')) + '\n');
  return fixes.length ? 1 : 0;
}
