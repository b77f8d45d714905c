import type { ServerExtension } from '../server/extension.js';
import { diagnosePrompts } from './diagnose.js';
import { docsPrompts } from './docs.js';

/** Prompt groups, each switched on with its toolset. */
export const promptSets: ServerExtension[] = [diagnosePrompts, docsPrompts];
