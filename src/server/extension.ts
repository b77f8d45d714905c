import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Toolset } from '../config/resolve.js';
import type { ToolContext } from '../tools/define-tool.js';

/** A group of prompts or resources, switched on with its toolset like the tools are. */
export interface ServerExtension {
  toolset: Toolset;
  register(server: McpServer, ctx: ToolContext): void;
}
