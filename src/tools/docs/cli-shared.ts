/** The CLI command shape shared by get_cli_help and search_cli (its text: src/docs/cli-text.ts). */
import { z } from 'zod';

export { COMMAND_MAX_CHARS } from '../../docs/cli-knowledge.js';

export const cliParameterSchema = z.object({
  name: z.string().describe('`--name` for an option, `NAME` for a positional argument'),
  names: z.array(z.string()).describe('Every flag name it accepts: long, short, negative (--no-x), alternates'),
  required: z.boolean().nullable().describe('null when only the docs describe it and they do not say'),
  type: z.string().nullable(),
  default: z.string().nullable().describe('JSON of the default value'),
  choices: z.array(z.string()),
  env_var: z.array(z.string()),
  help: z.string(),
  source: z.enum(['installed', 'docs', 'both', 'docs-usage']).describe('docs-usage: only seen typed in a guide example (no reference page); no help, type or required known'),
});

export const cliVersionsSchema = z
  .object({
    installed: z.string().nullable().describe('Version of the installed prefect the structure comes from; null when none is used'),
    installed_status: z.string(),
    docs: z.string().nullable().describe('Newest Prefect release the docs snapshot covers'),
    docs_built_at: z.string().nullable(),
  })
  .describe('Which Prefect versions this answer reflects');

export const cliStructureSourceSchema = z
  .enum(['installed', 'docs', 'docs-usage'])
  .describe('installed: your prefect; docs: the CLI reference; docs-usage: no reference page, inferred from the guides\' example lines (not complete)');

export const cliSourcesSchema = z.object({
  structure: cliStructureSourceSchema.describe('Where usage, arguments and options come from'),
  description: cliStructureSourceSchema,
  examples: z.enum(['docs', 'docs-usage']).nullable(),
  url: z.enum(['docs', 'docs-usage']).nullable(),
});

export const cliDifferencesSchema = z.object({
  options_not_in_docs: z.array(z.string()).describe('Options your installed prefect has that the docs do not list'),
  options_not_installed: z.array(z.string()).describe('Options the docs list that your installed prefect lacks'),
  guide_flags_unknown: z.array(z.string()).describe('Flags the guides\' examples use with the command that its structure (installed or reference) does not list'),
  command_not_installed: z.boolean().describe('Documented, but your installed prefect lacks the command (newer or removed)'),
  command_not_in_docs: z.boolean().describe('Your installed prefect has it; the docs have no reference for it'),
});
