/**
 * One overall deadline for a diagnosis. Its independent reads run in parallel as named parts;
 * a part still unanswered when the deadline passes (or whose request timed out) is given up,
 * its fallback used, and its name reported, so a slow endpoint costs one timeout and the
 * assistant still gets every finding the other parts produced.
 */
import { PrefectApiError } from '../../prefect/errors.js';
import type { ToolContext } from '../define-tool.js';

/** The per-request timeout bounds one read; a diagnosis gets two of them end to end (it has at most two dependent phases). */
export function diagnosisBudgetMs(ctx: Pick<ToolContext, 'config'>): number {
  return 2 * ctx.config.timeoutMs;
}

export class Deadline {
  readonly signal: AbortSignal;
  private readonly expiry: AbortSignal;
  private readonly missed = new Set<string>();

  constructor(ctx: Pick<ToolContext, 'config' | 'signal'>, budgetMs = diagnosisBudgetMs(ctx)) {
    this.expiry = AbortSignal.timeout(budgetMs);
    this.signal = ctx.signal ? AbortSignal.any([this.expiry, ctx.signal]) : this.expiry;
  }

  /** Runs one part; on the deadline or a request timeout returns `fallback` and remembers `name`. Other errors propagate. */
  async part<T>(name: string, work: (opts: { signal: AbortSignal }) => Promise<T>, fallback: T): Promise<T> {
    if (this.expiry.aborted) {
      this.missed.add(name);
      return fallback;
    }
    let onExpiry: (() => void) | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      onExpiry = () => resolve('expired');
      this.expiry.addEventListener('abort', onExpiry, { once: true });
    });
    try {
      const result = await Promise.race([work({ signal: this.signal }), expired]);
      if (result === 'expired') {
        this.missed.add(name);
        return fallback;
      }
      return result;
    } catch (error) {
      if (this.expiry.aborted || (error instanceof PrefectApiError && error.kind === 'timeout')) {
        this.missed.add(name);
        return fallback;
      }
      throw error;
    } finally {
      if (onExpiry) this.expiry.removeEventListener('abort', onExpiry);
    }
  }

  /** Names of the parts given up, in the order they were given up. */
  get timedOut(): string[] {
    return [...this.missed];
  }

  /** A line for the text output, empty when everything answered. */
  note(): string {
    return this.missed.size ? `PARTIAL: no answer in time from ${this.timedOut.join(', ')}; findings that depend on them are missing.` : '';
  }
}
