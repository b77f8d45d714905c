import { z } from 'zod';
import { renderCommand, versionLine } from '../../docs/cli-text.js';
import { ToolError } from '../../errors.js';
import { defineTool } from '../define-tool.js';
import { cliDifferencesSchema, cliParameterSchema, cliSourcesSchema, cliStructureSourceSchema, cliVersionsSchema, COMMAND_MAX_CHARS } from './cli-shared.js';

export const getCliHelp = defineTool({
  name: 'get_cli_help',
  title: 'Exact help for a prefect CLI command',
  description:
    'The exact syntax of a `prefect` CLI command: usage, arguments and options with every flag name (long, short, --no-x), required flags, types, defaults and choices from the prefect the user has installed (read once in the background), merged with the docs CLI reference (description, examples, docs URL); a command with no reference page (`prefect deploy`, `prefect cloud login`) answers from the guides\' example lines and their pages, marked as inferred and incomplete; says which source gave what and where they differ, and both versions. Accepts "prefect deployment run", "deployment run", an alias ("gcl", "flows"), or a group like "prefect work-pool" or "prefect cloud" (lists its subcommands, each marked by source, also for a group with no reference page whose commands the guides run); an unknown command gets name-alike candidates. To find a command for a task, use search_cli.',
  toolset: 'docs',
  kind: 'read',
  openWorld: false,
  input: {
    command: z.string().min(1).max(COMMAND_MAX_CHARS).describe('The command, e.g. "prefect deployment schedule pause" or "work-pool create"'),
  },
  output: {
    command: z.string(),
    aliases: z.array(z.string()),
    alias_of: z.string().nullable().describe('The real name, when an alias was asked for'),
    usage: z.string(),
    description: z.string(),
    arguments: z.array(cliParameterSchema),
    options: z.array(cliParameterSchema),
    examples: z.array(z.string()),
    subcommands: z.array(
      z.object({
        command: z.string(),
        description: z.string(),
        sources: z.array(cliStructureSourceSchema).describe('Every source that knows the subcommand: installed = your prefect; docs = the CLI reference; docs-usage = the guides run it (or a command under it)'),
      }),
    ),
    url: z.string().nullable().describe('The CLI reference section; for a command without one, the first guide page using it; null when the docs lack the command'),
    guide_pages: z.array(z.string()).describe('Guide pages whose shell examples run the command'),
    ignored: z.string().nullable().describe('Words after the command that are not part of it (arguments)'),
    sources: cliSourcesSchema,
    differences: cliDifferencesSchema,
    versions: cliVersionsSchema,
  },
  async handle(args, ctx) {
    const knowledge = ctx.docs.cliKnowledge(ctx.config.prefectBin);
    const { versions } = knowledge;
    const resolved = knowledge.resolve(args.command);
    if (resolved.kind === 'unknown') {
      const where = versions.installed ? `the installed prefect ${versions.installed} nor the docs (snapshot ${versions.docs ?? 'of unknown version'}) have` : `the docs (snapshot ${versions.docs ?? 'of unknown version'}) do not document it and no installed prefect could be asked (${versions.installed_status}); neither has`;
      throw new ToolError(
        `Unknown command "${resolved.typed.slice(0, 120)}": ${where} it. ${resolved.candidates.length ? `Similar names: ${resolved.candidates.join(', ')}.` : 'No command has a similar name.'} Use search_cli to find a command by what it does.`,
      );
    }
    const { view, rest } = resolved;
    const ignored = rest.length ? rest.join(' ').slice(0, 200) : null;
    const { hidden: _hidden, ...shown } = view;
    const data = { ...shown, ignored, versions };
    const notes = ignored ? [`(Ignored "${ignored}" after the command: arguments or an unknown subcommand.)`] : [];
    return { data, text: [renderCommand(view, true), ...notes, versionLine(versions)].join('\n') };
  },
});
