import type { ServerExtension } from '../server/extension.js';
import { diagnosePrompts } from './diagnose.js';

/** Prompt groups, each switched on with its toolset. */
export const promptSets: ServerExtension[] = [diagnosePrompts];
