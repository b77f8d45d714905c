/** UI links derive from the resolved configuration like Prefect's own PREFECT_UI_URL default. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/config/resolve.js';
import { uiLinks } from '../../src/prefect/ui-links.js';

function prefectHome(profiles?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'prefect-home-'));
  if (profiles !== undefined) writeFileSync(join(dir, 'profiles.toml'), profiles);
  return dir;
}

const ACCOUNT = '11111111-2222-3333-4444-555555555555';
const WORKSPACE = '66666666-7777-8888-9999-000000000000';
const RUN = 'a1b2c3d4-0000-4000-8000-000000000001';

describe('uiLinks', () => {
  it('self-hosted: the API URL without /api', () => {
    const links = uiLinks(resolveConfig({ env: { PREFECT_HOME: prefectHome(), PREFECT_API_URL: 'http://prefect.internal:4200/api/' } }));
    assert.equal(links.base, 'http://prefect.internal:4200');
    assert.equal(links.flowRun(RUN), `http://prefect.internal:4200/runs/flow-run/${RUN}`);
    assert.equal(links.deployment(RUN), `http://prefect.internal:4200/deployments/deployment/${RUN}`);
    assert.equal(links.workPool('my pool'), 'http://prefect.internal:4200/work-pools/work-pool/my%20pool');
    assert.equal(links.workQueue('p', 'q'), 'http://prefect.internal:4200/work-pools/work-pool/p/queue/q');
    assert.equal(links.automation(RUN), `http://prefect.internal:4200/automations/automation/${RUN}`);
    assert.equal(links.taskRun(RUN), `http://prefect.internal:4200/runs/task-run/${RUN}`);
    assert.equal(links.flow(RUN), `http://prefect.internal:4200/flows/flow/${RUN}`);
  });

  it('Prefect Cloud: app.prefect.cloud account/workspace paths', () => {
    const apiUrl = `https://api.prefect.cloud/api/accounts/${ACCOUNT}/workspaces/${WORKSPACE}`;
    const links = uiLinks(resolveConfig({ env: { PREFECT_HOME: prefectHome(), PREFECT_API_URL: apiUrl, PREFECT_API_KEY: 'pnu_x' } }));
    assert.equal(links.flowRun(RUN), `https://app.prefect.cloud/account/${ACCOUNT}/workspace/${WORKSPACE}/runs/flow-run/${RUN}`);
  });

  it('honours PREFECT_UI_URL from the profile, and the environment over the profile', () => {
    const home = prefectHome('active = "p"\n[profiles.p]\nPREFECT_API_URL = "http://10.0.0.5:4200/api"\nPREFECT_UI_URL = "https://prefect.example.com/ui/"\n');
    assert.equal(uiLinks(resolveConfig({ env: { PREFECT_HOME: home } })).flowRun(RUN), `https://prefect.example.com/ui/runs/flow-run/${RUN}`);
    const fromEnv = resolveConfig({ env: { PREFECT_HOME: home, PREFECT_UI_URL: 'https://other.example.com' } });
    assert.equal(uiLinks(fromEnv).base, 'https://other.example.com');
  });

  it('a per-request API URL does not inherit the server’s own UI URL', () => {
    const config = resolveConfig({
      env: { PREFECT_HOME: prefectHome(), PREFECT_API_URL: 'http://ours:4200/api', PREFECT_UI_URL: 'https://ours.example.com' },
      headers: { 'x-prefect-api-url': 'http://theirs:4200/api' },
    });
    assert.equal(uiLinks(config).base, 'http://theirs:4200');
  });
});
