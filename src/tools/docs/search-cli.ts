import { z } from 'zod';
import { renderCommand, versionLine } from '../../docs/cli-text.js';
import { defineTool } from '../define-tool.js';
import { cliParameterSchema, cliVersionsSchema, COMMAND_MAX_CHARS } from './cli-shared.js';

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
    limit: z.number().int().min(1).max(20).optional().describe('How many commands (default 5)'),
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
          structure_from: z.enum(['installed', 'docs']),
        }),
      )
      .describe('Best first'),
    versions: cliVersionsSchema,
  },
  async handle(args, ctx) {
    const knowledge = ctx.docs.cliKnowledge(ctx.config.prefectBin);
    const { versions } = knowledge;
    const found = knowledge.search(args.task, args.limit ?? 5);
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
    if (commands.length === 0) return { data: { commands, versions }, text: `No prefect command matches that task. Try other words, or search_docs.\n${versionLine(versions)}` };
    // The best match in full; the others as one line each, to stay compact.
    const [best, ...others] = found;
    const text = [renderCommand(best!, false), ...(others.length ? ['', 'Also:', ...others.map((view) => `  ${view.command} — ${view.description.split('\n')[0] ?? ''}`)] : []), versionLine(versions)].join('\n');
    return { data: { commands, versions }, text };
  },
});
