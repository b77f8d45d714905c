import { getArtifacts } from './artifacts.js';
import { getAutomations } from './automations.js';
import { getBlocks } from './blocks.js';
import { getConcurrencyLimits } from './concurrency-limits.js';
import { getDashboard } from './dashboard.js';
import { readEvents } from './events.js';
import { getObjectSchema } from './object-schema.js';
import { reviewRateLimits } from './rate-limits.js';
import { getVariables } from './variables.js';
import { getWorkPools } from './work-pools.js';
import { getFlows } from './flows.js';
import { getDeployments } from './deployments.js';
import { getFlowRuns } from './flow-runs.js';
import { getFlowRun } from './flow-run.js';
import { getFlowRunLogs } from './flow-run-logs.js';
import { getTaskRuns } from './task-runs.js';

export const apiTools = [
  getFlows,
  getDeployments,
  getFlowRuns,
  getFlowRun,
  getFlowRunLogs,
  getTaskRuns,
  getDashboard,
  getWorkPools,
  readEvents,
  getAutomations,
  getConcurrencyLimits,
  getVariables,
  getBlocks,
  getArtifacts,
  getObjectSchema,
  reviewRateLimits,
];
