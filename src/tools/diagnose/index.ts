import { diagnoseAutomation } from './automation.js';
import { diagnoseDeployment } from './deployment.js';
import { diagnoseFlowRun } from './flow-run.js';
import { diagnoseLateRuns } from './late-runs.js';
import { diagnoseStuckRuns } from './stuck-runs.js';

export const diagnoseTools = [diagnoseFlowRun, diagnoseDeployment, diagnoseLateRuns, diagnoseStuckRuns, diagnoseAutomation];
