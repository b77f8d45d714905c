/** The `instructions` text sent at initialize: what each enabled toolset is for, and nothing about the others. */
import type { ResolvedConfig } from '../config/resolve.js';
import { TOOLSET_INFO } from '../config/toolsets.js';

export function buildInstructions(config: ResolvedConfig): string {
  const enabled = TOOLSET_INFO.filter((info) => config.toolsets.includes(info.id) && (!info.writes || config.allowWrites));
  return [
    'prefect-mcp makes you an expert on Prefect, the Python workflow orchestrator. Toolsets enabled:',
    ...enabled.map((info) => `- ${info.instructions}`),
    'Times are ISO 8601 UTC.',
  ].join('\n');
}
