/**
 * Streamable HTTP at /mcp, stateless: every POST gets its own McpServer built from the
 * configuration resolved for that request (its X-Prefect-* headers over the server's own
 * settings), so concurrent callers never share credentials or data.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { loadProfile, resolveConfig, type CliFlags, type LoadedProfile } from '../config/resolve.js';
import { redactSecrets } from '../config/redact.js';
import type { DocsService } from '../docs/service.js';
import { log } from '../log.js';
import { createServer } from '../server/create-server.js';
import { VERSION } from '../version.js';
import { boundErrors } from './bounded-send.js';
import { checkRequest, type GuardOptions } from './http-guards.js';

export interface HttpOptions extends GuardOptions {
  port: number;
  flags: CliFlags;
  env: NodeJS.ProcessEnv;
}

export async function serveHttp(options: HttpOptions, docs: DocsService): Promise<{ url: string; close(): Promise<void> }> {
  // Only the headers differ between requests: the server's own profile is read once.
  const profile = loadProfile(options.env);
  const httpServer = createHttpServer((req, res) => {
    handle(req, res, options, profile, docs).catch((error: unknown) => {
      log.error(`HTTP request failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, 500, jsonRpcError(-32603, 'Internal server error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.bindHost, resolve);
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/mcp`;
  log.info(`listening on ${url}${options.token ? ' (bearer token required)' : ''}`);
  return {
    url,
    close: () => new Promise<void>((resolve) => httpServer.close(() => resolve())),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpOptions, profile: LoadedProfile, docs: DocsService): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz' && req.method === 'GET') {
    sendJson(res, 200, { status: 'ok', name: 'prefect-mcp', version: VERSION });
    return;
  }
  if (path !== '/mcp') {
    sendJson(res, 404, { error: 'Not found: the MCP endpoint is /mcp' });
    return;
  }
  const rejection = checkRequest(req, options);
  if (rejection) {
    sendJson(res, rejection.status, jsonRpcError(-32001, rejection.message));
    return;
  }
  if (req.method !== 'POST') {
    // Stateless mode: no standalone SSE stream and no sessions to delete.
    res.setHeader('allow', 'POST');
    sendJson(res, 405, jsonRpcError(-32000, 'Method not allowed: this stateless server accepts POST /mcp only.'));
    return;
  }

  let config;
  try {
    config = resolveConfig({ env: options.env, flags: options.flags, headers: req.headers, profile });
  } catch (error) {
    sendJson(res, 400, jsonRpcError(-32602, redactSecrets((error as Error).message)));
    return;
  }
  const server = createServer({ config, docs });
  const transport = boundErrors(new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true }));
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
