/**
 * Every tool the server can offer, grouped by toolset. A tool is registered when its
 * toolset is enabled, its `available` check passes, and (for write tools) writes are allowed.
 */
import type { ResolvedConfig } from '../config/resolve.js';
import type { ToolDefinition } from './define-tool.js';
import { actionTools } from './actions/index.js';
import { apiTools } from './api/index.js';
import { diagnoseTools } from './diagnose/index.js';
import { docsTools } from './docs/index.js';
import { identityTools } from './identity/index.js';

export const allTools: ToolDefinition[] = [...identityTools, ...apiTools, ...docsTools, ...diagnoseTools, ...actionTools] as unknown as ToolDefinition[];

export function selectTools(config: ResolvedConfig, tools: ToolDefinition[] = allTools): ToolDefinition[] {
  return tools.filter(
    (tool) =>
      config.toolsets.includes(tool.toolset) &&
      (tool.kind === 'read' || config.allowWrites) &&
      (tool.available?.(config) ?? true),
  );
}
