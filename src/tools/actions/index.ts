import { cancelFlowRun } from './cancel-flow-run.js';
import { runDeployment } from './run-deployment.js';

/** Write tools: the registry offers them only with --allow-writes / PREFECT_MCP_ALLOW_WRITES=1. */
export const actionTools = [runDeployment, cancelFlowRun];
