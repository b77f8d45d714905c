/**
 * Turns ToolDefinitions into MCP tools. The wrapper is where the error contract lives:
 * whatever a handler throws becomes an `isError` result with an actionable, redacted
 * message, so one bad call never takes the server down.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { redactSecrets } from '../config/redact.js';
import { log } from '../log.js';
import { PrefectApiError } from '../prefect/errors.js';
import { annotationsFor, ToolError, type ToolContext, type ToolDefinition } from './define-tool.js';

export function registerTool(server: McpServer, tool: ToolDefinition, makeContext: (signal: AbortSignal) => ToolContext): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      outputSchema: tool.output,
      annotations: annotationsFor(tool),
    },
    async (args: Record<string, unknown>, extra: { signal: AbortSignal }) => {
      try {
        const { data, text } = await tool.handle(args as never, makeContext(extra.signal));
        return {
          content: [{ type: 'text' as const, text: redactSecrets(text) }],
          structuredContent: JSON.parse(redactSecrets(JSON.stringify(data))) as Record<string, unknown>,
        };
      } catch (error) {
        return { isError: true, content: [{ type: 'text' as const, text: redactSecrets(errorMessage(tool.name, error)) }] };
      }
    },
  );
}

function errorMessage(toolName: string, error: unknown): string {
  if (error instanceof ToolError || error instanceof PrefectApiError) return error.message;
  log.error(`${toolName} failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`);
  return `${toolName} failed unexpectedly: ${(error as Error)?.message ?? String(error)}. This is a prefect-mcp bug; the server is still running, so try again or use another tool.`;
}
