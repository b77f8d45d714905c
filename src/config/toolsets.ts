/**
 * What each toolset is, in one place (after github-mcp-server's toolset metadata): the
 * `--toolsets` help, the README's toolset table and the server instructions are all made
 * from this list, so they cannot drift apart.
 */
export const TOOLSETS = ['api', 'docs', 'diagnose', 'actions'] as const;
export type Toolset = (typeof TOOLSETS)[number];

export interface ToolsetInfo {
  id: Toolset;
  /** One line, for `--toolsets` help and the README. */
  description: string;
  /** Whether the toolset is on when `--toolsets` is not given. */
  default: boolean;
  /** Registered only with --allow-writes (or PREFECT_MCP_ALLOW_WRITES=1). */
  writes: boolean;
  /** What the assistant is told about it at initialize, when it is enabled. */
  instructions: string;
}

/** In TOOLSETS order. */
export const TOOLSET_INFO: readonly ToolsetInfo[] = [
  {
    id: 'api',
    description: 'read-only views of the Prefect server or Cloud workspace (flows, runs, logs, pools, events, automations, ...)',
    default: true,
    writes: false,
    instructions:
      'api — read-only views of the connected Prefect server or Cloud workspace: flows, deployments, flow and task runs, logs, work pools, events, automations, concurrency limits, variables, blocks, artifacts, dashboard. Lists are compact and paginated; ask for detail or a single object by id when you need everything. If a Prefect API call fails, call get_identity to check the connection and credentials.',
  },
  {
    id: 'docs',
    description: 'offline Prefect documentation and exact `prefect` CLI syntax',
    default: true,
    writes: false,
    instructions:
      'docs — offline Prefect documentation and exact `prefect` CLI syntax (no network). Prefer search_docs/read_doc over memory for Prefect 3 APIs, and get_cli_help/search_cli before writing any `prefect` command: flags change between versions.',
  },
  {
    id: 'diagnose',
    description: 'one-call answers with evidence: failed runs, deployments not running, late runs, automations',
    default: true,
    writes: false,
    instructions:
      'diagnose — one-call answers with evidence: why a flow run failed, why a deployment is not running, why runs are late, what an automation did. Start here for "why" questions before reading raw lists.',
  },
  {
    id: 'actions',
    description: 'changes to the Prefect server (run a deployment, cancel a flow run); needs --allow-writes',
    default: true,
    writes: true,
    instructions:
      'actions — changes to the Prefect server (run a deployment, cancel a flow run). Enabled by the user with --allow-writes; confirm with the user before calling.',
  },
];

/** `--toolsets` help: 'api (read-only views of ...), docs (...), ...'. */
export function toolsetsHelp(): string {
  return `comma-separated toolsets to enable (default all): ${TOOLSET_INFO.map((info) => `${info.id} (${info.description})`).join('; ')}`;
}
