/**
 * The docs indexer as the server's background builder. The server layer (src/docs) never
 * imports index-builder/; this top layer hands it in. The indexer loads only when a build
 * actually starts: most server starts find a store.
 */
import type { DocsBuilder } from '../docs-model/build.js';

export const buildDocsIndex: DocsBuilder = async (request) => (await import('../../index-builder/build.js')).buildIndex(request);
