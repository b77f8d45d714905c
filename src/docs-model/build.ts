/**
 * The contract between the docs indexer (index-builder/, which builds a store) and the
 * server (src/docs/, which starts a build in the background and reports its progress).
 * Neither imports the other: the CLI layer hands the server a {@link DocsBuilder}.
 */

/** What the server asks of a build. */
export interface BuildRequest {
  /** A docs site URL or a local docs folder (the one holding docs.json). */
  source: string;
  /** The store file; replaced atomically at the end. */
  out: string;
  /** Start from the current store: unchanged pages (304 or same content hash) are not re-processed. */
  refresh?: boolean;
  onProgress?: (progress: BuildProgress) => void;
  signal?: AbortSignal;
}

export type BuildPhase = 'discovering' | 'fetching' | 'indexing' | 'writing' | 'done';

export interface BuildProgress {
  phase: BuildPhase;
  /** Pages found by discovery. */
  discovered: number;
  /** Pages answered so far (changed + unchanged + failed). */
  processed: number;
  changed: number;
  unchanged: number;
  failed: number;
  elapsedMs: number;
  /** Estimated time left while fetching; undefined before there is a rate. */
  etaMs?: number;
}

export interface FailedPage {
  path: string;
  url: string;
  reason: string;
}

export interface BuildSummary {
  source: string;
  out: string;
  kind: 'local' | 'web';
  /** True when the build refreshed the previous store rather than starting empty. */
  incremental: boolean;
  pages: number;
  chunks: number;
  cliCommands: number;
  redirects: number;
  /** Pages (re-)processed because they are new or their content changed. */
  changed: number;
  /** Pages answered 304 or with identical content: no rework. */
  unchanged: number;
  removed: string[];
  failed: FailedPage[];
  durationMs: number;
}

/** Builds (or refreshes) a docs store. */
export type DocsBuilder = (request: BuildRequest) => Promise<BuildSummary>;
