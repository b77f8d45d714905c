import type { ServerExtension } from '../server/extension.js';

/** Prompt groups, each switched on with its toolset. */
export const promptSets: ServerExtension[] = [];
