/**
 * Links into the Prefect UI, like the `View at …` lines Prefect prints. The UI base is, as in
 * Prefect's own settings: PREFECT_UI_URL when set (environment or profile); for Prefect Cloud
 * https://app.prefect.cloud/account/<account>/workspace/<workspace> from the Cloud API URL; for a
 * self-hosted server the API URL without its trailing /api (the server serves the UI there).
 */
import type { ResolvedConfig } from '../config/resolve.js';

export type UiConfig = Pick<ResolvedConfig, 'apiUrl' | 'uiUrl' | 'isCloud' | 'accountId' | 'workspaceId'>;

export function uiBaseUrl(config: UiConfig): string {
  if (config.uiUrl) return config.uiUrl.replace(/\/+$/, '');
  if (config.isCloud && config.accountId && config.workspaceId) {
    const api = new URL(config.apiUrl);
    // api.prefect.cloud → app.prefect.cloud (also for staging/dev hosts of the same shape).
    const host = api.host.replace(/^api\./, 'app.');
    return `${api.protocol}//${host}/account/${config.accountId}/workspace/${config.workspaceId}`;
  }
  return config.apiUrl.replace(/\/+$/, '').replace(/\/api$/, '');
}

export interface UiLinks {
  base: string;
  flowRun(id: string): string;
  taskRun(id: string): string;
  flow(id: string): string;
  deployment(id: string): string;
  workPool(name: string): string;
  workQueue(pool: string, queue: string): string;
  automation(id: string): string;
}

export function uiLinks(config: UiConfig): UiLinks {
  const base = uiBaseUrl(config);
  const at = (...parts: string[]) => `${base}/${parts.map((part, i) => (i % 2 === 1 ? encodeURIComponent(part) : part)).join('/')}`;
  return {
    base,
    flowRun: (id) => at('runs/flow-run', id),
    taskRun: (id) => at('runs/task-run', id),
    flow: (id) => at('flows/flow', id),
    deployment: (id) => at('deployments/deployment', id),
    workPool: (name) => at('work-pools/work-pool', name),
    workQueue: (pool, queue) => at('work-pools/work-pool', pool, 'queue', queue),
    automation: (id) => at('automations/automation', id),
  };
}
