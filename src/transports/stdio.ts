import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ResolvedConfig } from '../config/resolve.js';
import type { DocsService } from '../docs/service.js';
import { log } from '../log.js';
import { createServer } from '../server/create-server.js';

/** Serves one MCP session over stdin/stdout until the client closes stdin. */
export async function serveStdio(config: ResolvedConfig, docs: DocsService): Promise<void> {
  const server = createServer({ config, docs });
  const transport = new StdioServerTransport();
  await server.connect(transport);
  log.info(`serving over stdio (toolsets: ${config.toolsets.join(', ')}${config.allowWrites ? ', writes allowed' : ''})`);
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await server.close();
}
