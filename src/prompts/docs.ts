/** Prompts that steer the assistant to the docs and CLI tools instead of answering from memory. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerExtension } from '../server/extension.js';

const user = (text: string) => ({ messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] });

/** Argument shapes built once (HTTP registers the prompts on every request; see prompts/diagnose.ts). */
const CLI_HOWTO_ARGS = { task: z.string().describe('What you want to do, e.g. "pause a deployment schedule"') };
const EXPLAIN_CONCEPT_ARGS = { topic: z.string().describe('The concept, e.g. "work pools", "results", "automations"') };

export const docsPrompts: ServerExtension = {
  toolset: 'docs',
  register(server: McpServer) {
    server.registerPrompt(
      'prefect-cli-howto',
      {
        title: 'How do I do this with the prefect CLI?',
        description: 'Find the exact prefect command, with its real flags, for a task',
        argsSchema: CLI_HOWTO_ARGS,
      },
      ({ task }) =>
        user(
          `Task: ${task}\n\nFind the exact \`prefect\` CLI command for this. Call search_cli with the task, then get_cli_help on the best command to confirm its usage, required arguments and flags (do not invent flags that get_cli_help does not list). Answer with a ready-to-run command line, a one-line explanation of each flag used, and the docs URL. If no command fits, say so and use search_docs for the Python or UI alternative.`,
        ),
    );
    server.registerPrompt(
      'explain-prefect-concept',
      {
        title: 'Explain a Prefect concept',
        description: 'Explain a Prefect 3 concept from the docs, with links',
        argsSchema: EXPLAIN_CONCEPT_ARGS,
      },
      ({ topic }) =>
        user(
          `Explain the Prefect concept "${topic}" as it works in Prefect 3. Call search_docs (section "concepts" first, then without a section), read the best page with read_doc, and base the answer on it: what it is, when to use it, a minimal example, and how it relates to nearby concepts. If the topic is a Prefect 2 term (agents, infrastructure blocks, storage blocks), explain what replaced it. Cite the docs URLs you used.`,
        ),
    );
  },
};
