/**
 * The indexer's light constants, kept apart from build.ts so the server and the CLI can
 * name them without loading the parser and crawler stack (hundreds of ms at every start).
 */
export const DEFAULT_CONCURRENCY = 8;

