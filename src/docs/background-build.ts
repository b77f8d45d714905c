/**
 * Builds or refreshes the docs store inside the server process, so a user never has to
 * run a setup step: API tools serve at once while docs tools report this build's progress.
 * buildIndex writes a temporary file and renames it over the store, so readers of the old
 * store are never disturbed; the service reopens the file when the build is done.
 */
import type { BuildProgress, BuildSummary, DocsBuilder } from '../docs-model/build.js';
import { isUrl } from '../docs-model/paths.js';
import { log } from '../log.js';
import { cliCommand } from '../paths.js';

export interface BuildState {
  kind: 'build' | 'refresh';
  source: string;
  startedAt: string;
  progress?: BuildProgress;
  /** Set when the build failed; the store (if any) is unchanged. */
  error?: string;
  done: boolean;
}

export class BackgroundBuild {
  readonly state: BuildState;
  private readonly controller = new AbortController();

  constructor(
    options: { kind: 'build' | 'refresh'; source: string; out: string },
    onDone: (summary: BuildSummary | undefined) => void,
    build: DocsBuilder,
  ) {
    this.state = { kind: options.kind, source: options.source, startedAt: new Date().toISOString(), done: false };
    log.info(`docs index: ${options.kind === 'build' ? 'building' : 'refreshing'} ${options.out} from ${options.source} in the background`);
    build({
      source: options.source,
      out: options.out,
      refresh: options.kind === 'refresh',
      signal: this.controller.signal,
      onProgress: (progress) => {
        this.state.progress = progress;
      },
    }).then(
      (summary) => {
        this.state.done = true;
        log.info(`docs index: ${summary.pages} pages, ${summary.cliCommands} CLI commands ready (${Math.round(summary.durationMs / 1000)}s)`);
        onDone(summary);
      },
      (error: unknown) => {
        this.state.done = true;
        this.state.error = (error as Error)?.message ?? String(error);
        log.warn(`docs index: ${options.kind} from ${options.source} failed: ${this.state.error}`);
        onDone(undefined);
      },
    );
  }

  stop(): void {
    this.controller.abort(new Error('server stopping'));
  }

  /** 'fetching 120/945 pages, 2 failed, about 40s left' */
  describe(): string {
    const progress = this.state.progress;
    if (!progress) return 'starting';
    const eta = progress.etaMs !== undefined ? `, about ${Math.ceil(progress.etaMs / 1000)}s left` : '';
    const failed = progress.failed ? `, ${progress.failed} failed` : '';
    return `${progress.phase} ${progress.processed}/${progress.discovered || '?'} pages${failed}${eta}`;
  }
}

/** The commands that build the store by hand, for messages: they work as printed (absolute path, no PATH needed). */
export function buildCommands(dbPath: string, source: string): string {
  const local = cliCommand(`index --source /path/to/prefect/docs --out ${dbPath}`);
  return isUrl(source)
    ? `${local} (the docs/ folder of a clone of github.com/PrefectHQ/prefect; or from the site: ${cliCommand(`index --source ${source} --out ${dbPath}`)})`
    : cliCommand(`index --source ${source} --out ${dbPath}`);
}
