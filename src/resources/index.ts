import type { ServerExtension } from '../server/extension.js';
import { docsResources } from './docs.js';

/** Resource groups, each switched on with its toolset. */
export const resourceSets: ServerExtension[] = [docsResources];
