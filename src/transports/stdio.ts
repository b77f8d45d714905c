import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ResolvedConfig } from '../config/resolve.js';
import type { DocsService } from '../docs/service.js';
import { log } from '../log.js';
import { createServer } from '../server/create-server.js';
import { boundErrors } from './bounded-send.js';

/** The largest JSON-RPC line accepted on stdin (the SDK's default, stated so the log can name it). */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** Serves one MCP session over stdin/stdout until the client closes stdin. */
export async function serveStdio(config: ResolvedConfig, docs: DocsService): Promise<void> {
  const server = createServer({ config, docs });
  // Bytes of the line being received, so a request too large to accept is logged with its size
  // (the SDK only closes the transport). Registered before the transport's own listener, it has
  // counted a chunk by the time the transport rejects it.
  let pendingBytes = 0;
  const countBytes = (chunk: Buffer) => {
    const newline = chunk.lastIndexOf(10);
    pendingBytes = newline === -1 ? pendingBytes + chunk.length : chunk.length - newline - 1;
  };
  process.stdin.on('data', countBytes);
  const transport = boundErrors(new StdioServerTransport(process.stdin, process.stdout, { maxBufferSize: MAX_REQUEST_BYTES }));
  server.server.onerror = (error) => {
    if (/exceeded maximum size/.test(error.message)) {
      log.error(`stdio: a request of at least ${pendingBytes} bytes exceeds the ${MAX_REQUEST_BYTES}-byte limit; the session is closed (send smaller arguments)`);
      process.exitCode = 1;
    } else {
      log.warn(`stdio: ${error.message.slice(0, 500)}`);
    }
  };
  await server.connect(transport);
  log.info(`serving over stdio (toolsets: ${config.toolsets.join(', ')}${config.allowWrites ? ', writes allowed' : ''})`);
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    server.server.onclose = resolve;
  });
  process.stdin.off('data', countBytes);
  process.stdin.pause();
  await server.close();
}
