import { z } from 'zod';
import { redactUrl } from '../../config/redact.js';
import { defineTool } from '../define-tool.js';

export const getIdentity = defineTool({
  name: 'get_identity',
  title: 'Prefect connection and identity',
  description:
    'Which Prefect server this MCP server talks to: API URL (credentials redacted), server type (oss or cloud), Prefect version, health, Cloud account/workspace ids, and the auth mode. Call it first when other Prefect tools fail, to check connectivity and credentials.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {},
  output: {
    api_url: z.string().describe('The Prefect API URL in use, with any credentials removed'),
    server_type: z.enum(['oss', 'cloud']).describe('oss = self-hosted Prefect server, cloud = Prefect Cloud'),
    version: z.string().nullable().describe('Prefect server version from /admin/version (null if not exposed)'),
    healthy: z.boolean().describe('Whether /health answered OK'),
    account_id: z.string().nullable(),
    workspace_id: z.string().nullable(),
    auth_mode: z.enum(['none', 'api-key', 'basic']).describe('How requests authenticate; the secret itself is never shown'),
    credential_source: z.enum(['profile', 'env', 'flag', 'header']).nullable().describe('Where the credential came from'),
    profile: z.string().nullable().describe('Active Prefect profile name, if a profiles.toml was read'),
  },
  async handle(_args, ctx) {
    const client = ctx.prefect();
    const health = await client.get<unknown>('/health', { signal: ctx.signal });
    let version: string | null = null;
    try {
      const raw = await client.get<unknown>('/admin/version', { signal: ctx.signal });
      version = typeof raw === 'string' ? raw : null;
    } catch {
      // Prefect Cloud does not expose /admin/version; the version is optional.
    }
    const { config } = ctx;
    const data = {
      api_url: redactUrl(config.apiUrl),
      server_type: config.isCloud ? ('cloud' as const) : ('oss' as const),
      version,
      healthy: health === true || (typeof health === 'object' && health !== null),
      account_id: config.accountId ?? null,
      workspace_id: config.workspaceId ?? null,
      auth_mode: config.authMode,
      credential_source: (config.sources.credential ?? null) as 'profile' | 'env' | 'flag' | 'header' | null,
      profile: config.profile?.name ?? null,
    };
    const text = [
      `Prefect ${data.server_type === 'cloud' ? 'Cloud' : 'server'} at ${data.api_url}`,
      `version ${version ?? 'unknown'}, ${data.healthy ? 'healthy' : 'NOT healthy'}`,
      `auth: ${data.auth_mode}${data.credential_source ? ` (from ${data.credential_source})` : ''}`,
      data.account_id ? `account ${data.account_id}, workspace ${data.workspace_id}` : '',
      data.profile ? `profile: ${data.profile}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    return { data, text };
  },
});
