/**
 * createServer(): one MCP server for one configuration. stdio builds one for the process;
 * HTTP builds one per request so each request's credential headers stay its own.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { ResolvedConfig } from '../config/resolve.js';
import type { DocsService } from '../docs/service.js';
import { PrefectClient } from '../prefect/client.js';
import { promptSets } from '../prompts/index.js';
import { resourceSets } from '../resources/index.js';
import { type ToolContext } from '../tools/define-tool.js';
import { ToolError } from '../errors.js';
import { registerTool } from '../tools/register.js';
import { selectTools } from '../tools/registry.js';
import { VERSION } from '../version.js';
import { buildInstructions } from './instructions.js';

export interface ServerDependencies {
  config: ResolvedConfig;
  docs: DocsService;
}

/**
 * The SDK otherwise builds a fresh Ajv (for elicitation schemas, which we never send) in every
 * server; HTTP builds a server per request, so one shared instance saves that work each time.
 */
/** Array elements plus object members in one call's arguments: far above any real call, far below harm. */
const MAX_INPUT_ELEMENTS = 5_000;

let sharedValidator: AjvJsonSchemaValidator | undefined;

export function createServer({ config, docs }: ServerDependencies): McpServer {
  sharedValidator ??= new AjvJsonSchemaValidator();
  const server = new McpServer(
    { name: 'prefect-mcp', title: 'Prefect MCP', version: VERSION },
    // Bounds the work (and the error list) one call's arguments can cause before any tool runs.
    { instructions: buildInstructions(config), jsonSchemaValidator: sharedValidator, maxToolInputElements: MAX_INPUT_ELEMENTS },
  );

  let client: PrefectClient | undefined;
  const prefect = () => {
    // A broken profiles file only matters when nothing above it chose the API URL.
    if (config.profileError && config.sources.apiUrl === 'default') throw new ToolError(config.profileError);
    client ??= new PrefectClient(config);
    return client;
  };
  const makeContext = (signal?: AbortSignal): ToolContext => ({ config, docs, prefect, signal });

  for (const tool of selectTools(config)) registerTool(server, tool, makeContext);
  for (const set of [...promptSets, ...resourceSets]) {
    if (config.toolsets.includes(set.toolset)) set.register(server, makeContext());
  }
  return server;
}
