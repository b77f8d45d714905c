/**
 * The community `prefect-mcp-server` (PyPI, not Prefect's) in its own cached venv, installed from the committed,
 * fully pinned test/bed/requirements/prefect-mcp-server-<version>.txt like the test bed's venvs (mcp<2: it imports
 * mcp.server.fastmcp, which mcp 2 removed). Its code is never committed here.
 */
import { ensureVenv, type Venv } from '../test/bed/venv.js';

export const COMMUNITY_VERSION = '1.1.3';

export function ensureCommunityVenv(): Promise<Venv> {
  return ensureVenv({ requirements: `prefect-mcp-server-${COMMUNITY_VERSION}` });
}
