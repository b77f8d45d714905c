/**
 * Turns ToolDefinitions into MCP tools. The wrapper is where the error contract lives:
 * whatever a handler throws becomes an `isError` result with an actionable, redacted
 * message, so one bad call never takes the server down.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { redactData, redactSecrets } from '../config/redact.js';
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
        // Masked on the data, before serialization: no secret survives in an escaped form.
        const masked = redactData(data as Record<string, unknown>, ctx.config.secrets);
        return {
          content: [{ type: 'text' as const, text: boundText(redact(text), MAX_TEXT_CHARS) }],
          structuredContent: boundStrings(masked) as Record<string, unknown>,
        };
      } catch (error) {
        return { isError: true, content: [{ type: 'text' as const, text: boundText(redact(errorMessage(tool.name, error, redact)), MAX_ERROR_CHARS) }] };
      }
    },
  );
}

/** A tool's text answer; longer ones are cut with a note (tools paginate, so this is a backstop). */
const MAX_TEXT_CHARS = 50_000;
/** Any one string in structured output (a log line, a parameter value, a page of docs). */
const MAX_STRING_CHARS = 50_000;
/** An error is a sentence or two to act on, never a dump. */
export const MAX_ERROR_CHARS = 4_000;

export function boundText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… [cut: ${text.length - max} more characters; ask for less with the tool's limit or filter arguments]`;
}

function boundStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING_CHARS ? boundText(value, MAX_STRING_CHARS) : value;
  if (Array.isArray(value)) return value.map(boundStrings);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, boundStrings(inner)]));
  return value;
}

function errorMessage(toolName: string, error: unknown, redact: (text: string) => string): string {
  if (error instanceof ToolError || error instanceof PrefectApiError) return error.message;
  log.error(redact(boundText(`${toolName} failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`, MAX_ERROR_CHARS)));
  const message = boundText((error as Error)?.message ?? String(error), 500);
  return `${toolName} failed unexpectedly: ${message}. This is a prefect-mcp bug; the server is still running, so try again or use another tool.`;
}
