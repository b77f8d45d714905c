/**
 * Build progress for people: a live bar on a terminal, plain lines in logs and CI, and a
 * closing summary that lists every failed page. Everything goes to stderr.
 */
import cliProgress from 'cli-progress';
import type { BuildProgress, BuildSummary, FailedPage } from './build.js';

export interface ProgressReporter {
  update(progress: BuildProgress): void;
  finish(summary: BuildSummary): void;
  fail(error: Error, failed?: FailedPage[]): void;
}

/** Plain lines at most this often, so a log stays readable. */
const LINE_INTERVAL_MS = 2000;

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const tty = stream.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = 0;
  let lastPhase = '';
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  const line = (text: string) => stream.write(text + '\n');

  return {
    update(p) {
      if (tty && p.phase === 'fetching') {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: ' {bar} {value}/{total} pages | changed {changed} | unchanged {unchanged} | failed {failed} | ETA {eta_formatted}',
              hideCursor: true,
              etaBuffer: 50,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.discovered, 0, counters(p));
        }
        bar.update(p.processed, counters(p));
        return;
      }
      if (p.phase !== 'fetching') stopBar();
      const now = Date.now();
      if (p.phase !== lastPhase || now - lastLine >= LINE_INTERVAL_MS) {
        lastPhase = p.phase;
        lastLine = now;
        const eta = p.etaMs !== undefined ? `, ETA ${Math.ceil(p.etaMs / 1000)}s` : '';
        line(p.phase === 'fetching'
          ? `index: ${p.processed}/${p.discovered} pages (changed ${p.changed}, unchanged ${p.unchanged}, failed ${p.failed}${eta})`
          : `index: ${p.phase}${p.discovered ? ` (${p.discovered} pages discovered)` : ''}`);
      }
    },
    finish(s) {
      stopBar();
      line(`index: built ${s.out} from ${s.source} in ${(s.durationMs / 1000).toFixed(1)}s`);
      line(`index: ${s.pages} pages, ${s.chunks} chunks, ${s.cliCommands} CLI commands, ${s.redirects} redirects`);
      line(`index: ${s.changed} changed, ${s.unchanged} unchanged, ${s.removed.length} removed, ${s.failed.length} failed`);
      listFailures(s.failed, line);
    },
    fail(error, failed = []) {
      stopBar();
      line(`index: FAILED: ${error.message}`);
      listFailures(failed, line);
    },
  };
}

function counters(p: BuildProgress) {
  return { changed: p.changed, unchanged: p.unchanged, failed: p.failed };
}

function listFailures(failed: FailedPage[], line: (text: string) => void): void {
  for (const f of failed) line(`index:   failed ${f.url}: ${f.reason}`);
}
