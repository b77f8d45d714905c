/**
 * Docs as MCP resources: every page (`prefect-docs://v3/concepts/flows`), every CLI command
 * (`prefect-cli://deployment/schedule/pause`), and the index status. Tools stay the main
 * surface (many clients ignore resources); these serve clients that browse or @-mention.
 */
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerExtension } from '../server/extension.js';
import { COMMAND_MAX_CHARS } from '../docs/cli-knowledge.js';
import { renderCommand } from '../docs/cli-text.js';

const COMPLETIONS = 100;

export const docsResources: ServerExtension = {
  toolset: 'docs',
  register(server: McpServer, ctx) {
    const { docs } = ctx;
    /** Resources must not fail to list while the index is building: they list nothing. */
    const openOrNothing = () => {
      try {
        return docs.require();
      } catch {
        return undefined;
      }
    };

    server.registerResource(
      'docs-index-status',
      'prefect-docs://status',
      { title: 'Prefect docs index status', description: 'Whether the offline docs index is ready, building or missing, and how to fix it', mimeType: 'application/json' },
      async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(docs.status(), null, 2) }] }),
    );

    server.registerResource(
      'docs-page',
      new ResourceTemplate('prefect-docs://{+path}', {
        list: async () => ({
          resources: (openOrNothing()?.store.pages ?? []).map((page) => ({
            uri: `prefect-docs:/${page.path}`,
            name: page.title || page.path,
            description: page.breadcrumb || undefined,
            mimeType: 'text/markdown',
          })),
        }),
        complete: {
          path: (value) => {
            const wanted = value.replace(/^\/+/, '').toLowerCase();
            const paths = (openOrNothing()?.store.pages ?? []).map((page) => page.path.slice(1));
            const starts = paths.filter((path) => path.toLowerCase().startsWith(wanted));
            const contains = paths.filter((path) => !path.toLowerCase().startsWith(wanted) && path.toLowerCase().includes(wanted));
            return [...starts, ...contains].slice(0, COMPLETIONS);
          },
        },
      }),
      { title: 'Prefect docs page', description: 'A page of the Prefect docs as markdown, by path (v3/concepts/flows)', mimeType: 'text/markdown' },
      async (uri, variables) => {
        const { store } = docs.require();
        const path = decodeURIComponent(String(variables.path));
        const page = store.resolvePath(`/${path.replace(/^\/+/, '')}`);
        if (!page) throw new Error(`No docs page at ${path}; list prefect-docs:// resources or use search_docs.`);
        return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: `# ${page.title}\n\nSource: ${page.url}\n\n${store.markdown(page)}` }] };
      },
    );

    const commandPath = (command: string) => command.replace(/^prefect\s*/, '').split(' ').join('/');
    server.registerResource(
      'cli-command',
      new ResourceTemplate('prefect-cli://{+command}', {
        list: async () => ({
          resources: (openOrNothing()?.cli.all() ?? [])
            .filter((info) => !info.aliasOf)
            .map((info) => ({ uri: `prefect-cli://${commandPath(info.command)}`, name: info.command, description: info.description.split('\n')[0] || undefined, mimeType: 'text/plain' })),
        }),
        complete: {
          command: (value) => {
            const wanted = value.replace(/^prefect[\s/]*/, '').replace(/\s+/g, '/').toLowerCase();
            return (openOrNothing()?.cli.all() ?? [])
              .filter((info) => !info.aliasOf)
              .map((info) => commandPath(info.command))
              .filter((path) => path.startsWith(wanted))
              .slice(0, COMPLETIONS);
          },
        },
      }),
      { title: 'prefect CLI command', description: 'Help for a prefect CLI command, by path (deployment/schedule/pause)', mimeType: 'text/plain' },
      async (uri, variables) => {
        const command = decodeURIComponent(String(variables.command)).replace(/\//g, ' ').slice(0, COMMAND_MAX_CHARS);
        const resolved = docs.cliKnowledge(ctx.config.prefectBin).resolve(command);
        if (resolved.kind === 'unknown' || resolved.rest.length) {
          const candidates = resolved.kind === 'unknown' ? resolved.candidates : [resolved.view.command];
          throw new Error(`Unknown command "prefect ${command.slice(0, 120)}". Similar names: ${candidates.join(', ') || '(none)'}`);
        }
        return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: renderCommand(resolved.view, true) }] };
      },
    );
  },
};
