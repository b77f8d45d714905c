/**
 * Turns ToolDefinitions into MCP tools. The wrapper is where the error contract lives:
 * whatever a handler throws becomes an `isError` result with an actionable, redacted
 * message, so one bad call never takes the server down.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { redactSecrets } from '../config/redact.js';
import { log } from '../log.js';
import { PrefectApiError } from '../prefect/errors.js';
import { annotationsFor, type ToolContext, type ToolDefinition } from './define-tool.js';
import { ToolError } from '../errors.js';

/**
 * Given raw shapes, the SDK builds new zod objects at every registration; HTTP registers every
 * tool on every request, so each tool's object schemas are built once and reused.
 */
const objectSchemas = new WeakMap<ToolDefinition, { input: z.ZodObject; output: z.ZodObject }>();

function schemasOf(tool: ToolDefinition) {
  let schemas = objectSchemas.get(tool);
  if (!schemas) {
    schemas = { input: z.object(tool.input), output: z.object(tool.output) };
    objectSchemas.set(tool, schemas);
  }
  return schemas;
}

export function registerTool(server: McpServer, tool: ToolDefinition, makeContext: (signal: AbortSignal) => ToolContext): void {
  const { input, output } = schemasOf(tool);
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: input,
      outputSchema: output,
      annotations: annotationsFor(tool),
    },
    async (args: Record<string, unknown>, extra: { signal: AbortSignal }) => {
      const ctx = makeContext(extra.signal);
      const redact = (text: string) => redactSecrets(text, ctx.config.secrets);
      try {
        const { data, text } = await tool.handle(args as never, ctx);
        return {
          content: [{ type: 'text' as const, text: redact(text) }],
          structuredContent: JSON.parse(redact(JSON.stringify(data))) as Record<string, unknown>,
        };
      } catch (error) {
        return { isError: true, content: [{ type: 'text' as const, text: redact(errorMessage(tool.name, error, redact)) }] };
      }
    },
  );
}

function errorMessage(toolName: string, error: unknown, redact: (text: string) => string): string {
  if (error instanceof ToolError || error instanceof PrefectApiError) return error.message;
  log.error(redact(`${toolName} failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`));
  return `${toolName} failed unexpectedly: ${(error as Error)?.message ?? String(error)}. This is a prefect-mcp bug; the server is still running, so try again or use another tool.`;
}
