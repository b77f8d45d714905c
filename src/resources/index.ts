import type { ServerExtension } from '../server/extension.js';

/** Resource groups, each switched on with its toolset. */
export const resourceSets: ServerExtension[] = [];
