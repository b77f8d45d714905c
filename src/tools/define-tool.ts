/**
 * The one way to declare a tool (after microsoft/playwright-mcp's defineTool):
 * `kind` decides the MCP annotations, `toolset` decides when the tool is switched on,
 * and `handle` returns structured data plus a short text rendering.
 */
import type { z } from 'zod';
import type { ResolvedConfig, Toolset } from '../config/resolve.js';
import type { PrefectClient } from '../prefect/client.js';
import type { DocsService } from '../docs/service.js';

export type ToolKind = 'read' | 'write';

export interface ToolContext {
  config: ResolvedConfig;
  /** The Prefect client for this request's credentials; throws a ToolError when the configuration is broken. */
  prefect(): PrefectClient;
  /** The shared offline docs index (may still be building). */
  docs: DocsService;
  /** Aborted when the MCP client cancels the call. */
  signal?: AbortSignal;
}

export interface ToolResult<O> {
  /** Returned as `structuredContent`; must match the tool's output schema. */
  data: O;
  /** A compact rendering for the assistant to read (a line per object). */
  text: string;
}

export interface ToolDefinition<I extends z.ZodRawShape = z.ZodRawShape, O extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  kind: ToolKind;
  /** True when the tool talks to a Prefect server (an external system); false for the local docs index. */
  openWorld: boolean;
  input: I;
  output: O;
  /** Registered only when this returns true (for example Cloud-only tools). */
  available?: (config: ResolvedConfig) => boolean;
  handle(args: z.output<z.ZodObject<I>>, ctx: ToolContext): Promise<ToolResult<z.output<z.ZodObject<O>>>>;
}

export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return definition;
}

export function annotationsFor(tool: Pick<ToolDefinition, 'kind' | 'title' | 'openWorld'>) {
  const write = tool.kind === 'write';
  return {
    title: tool.title,
    readOnlyHint: !write,
    destructiveHint: write,
    idempotentHint: !write,
    openWorldHint: tool.openWorld,
  };
}
