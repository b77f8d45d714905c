/** The `instructions` text sent at initialize: tells the assistant what each enabled toolset is for. */
import type { ResolvedConfig, Toolset } from '../config/resolve.js';

const TOOLSET_GUIDE: Record<Toolset, string> = {
  docs:
    'docs — offline Prefect documentation and exact `prefect` CLI syntax (no network). Prefer search_docs/read_doc over memory for Prefect 3 APIs, and get_cli_help/search_cli before writing any `prefect` command: flags change between versions.',
  api:
    'api — read-only views of the connected Prefect server or Cloud workspace: flows, deployments, flow and task runs, logs, work pools, events, automations, concurrency limits, variables, blocks, artifacts, dashboard. Lists are compact and paginated; ask for detail or a single object by id when you need everything.',
  diagnose:
    'diagnose — one-call answers with evidence: why a flow run failed, why a deployment is not running, why runs are late, what an automation did. Start here for "why" questions before reading raw lists.',
  actions:
    'actions — changes to the Prefect server (run a deployment, cancel a flow run). Enabled by the user with --allow-writes; confirm with the user before calling.',
};

export function buildInstructions(config: ResolvedConfig): string {
  const enabled = config.toolsets.filter((toolset) => toolset !== 'actions' || config.allowWrites);
  return [
    'prefect-mcp makes you an expert on Prefect, the Python workflow orchestrator. Toolsets enabled:',
    ...enabled.map((toolset) => `- ${TOOLSET_GUIDE[toolset]}`),
    'Times are ISO 8601 UTC. If a Prefect API call fails, call get_identity to check the connection and credentials.',
  ].join('\n');
}
