import { z } from 'zod';
import { renderCommand, versionLine } from '../../docs/cli-text.js';
import { defineTool } from '../define-tool.js';
import { MAX_COUNT } from '../inputs.js';
import { clampLimit } from '../limits.js';
import { cliParameterSchema, cliStructureSourceSchema, cliVersionsSchema, COMMAND_MAX_CHARS } from './cli-shared.js';

const MAX_COMMANDS = 20;

export const searchCli = defineTool({
  name: 'search_cli',
  title: 'Find prefect CLI commands for a task',
  description:
    'Rank `prefect` CLI commands for a task described in plain words ("create a work pool", "log in to Prefect Cloud", "start a worker") over every command of the installed prefect and the docs CLI reference, each with its usage, arguments and options (every flag name). Use get_cli_help for one command\'s full help.',
  toolset: 'docs',
  kind: 'read',
  openWorld: false,
  input: {
    task: z.string().min(1).max(COMMAND_MAX_CHARS).describe('What you want to do, e.g. "pause a deployment schedule"'),
    limit: z.number().int().min(1).max(MAX_COUNT).optional().describe(`How many commands (default 5, at most ${MAX_COMMANDS}; a larger value is clamped with a note)`),
  },
  output: {
    commands: z
      .array(
        z.object({
          command: z.string(),
          aliases: z.array(z.string()),
          usage: z.string(),
          description: z.string(),
          arguments: z.array(cliParameterSchema),
          options: z.array(cliParameterSchema),
          url: z.string().nullable(),
          structure_from: cliStructureSourceSchema,
        }),
      )
      .describe('Best first'),
    versions: cliVersionsSchema,
    notes: z.array(z.string()).describe('Adjustments made to the request (e.g. a clamped limit)'),
  },
  async handle(args, ctx) {
    const knowledge = ctx.docs.cliKnowledge(ctx.config.prefectBin);
    const { versions } = knowledge;
    const { limit, note } = clampLimit(args.limit, 5, MAX_COMMANDS);
    const notes = note ? [note] : [];
    const found = knowledge.search(args.task, limit);
    const commands = found.map((view) => ({
      command: view.command,
      aliases: view.aliases,
      usage: view.usage,
      description: view.description,
      arguments: view.arguments,
      options: view.options,
      url: view.url,
      structure_from: view.sources.structure,
    }));
    const noteLines = notes.map((line) => `note: ${line}`);
    if (commands.length === 0) return { data: { commands, versions, notes }, text: ['No prefect command matches that task. Try other words, or search_docs.', ...noteLines, versionLine(versions)].join('\n') };
    // The best match in full; the others as one line each, to stay compact.
    const [best, ...others] = found;
    const text = [renderCommand(best!, false), ...(others.length ? ['', 'Also:', ...others.map((view) => `  ${view.command} — ${view.description.split('\n')[0] ?? ''}`)] : []), ...noteLines, versionLine(versions)].join('\n');
    return { data: { commands, versions, notes }, text };
  },
});
