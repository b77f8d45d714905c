/**
 * Parsing MDX is nearly all of a local build's time and is pure CPU, so files are rendered
 * on worker threads, one per core, while the main thread chunks and writes.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { RenderedMdx } from './render.js';

export interface RenderRequest {
  id: number;
  rel: string;
}

export type RenderResponse = { id: number; frontmatter: Record<string, unknown>; markdown: string } | { id: number; error: string };

interface Pending {
  resolve: (value: RenderedMdx) => void;
  reject: (error: Error) => void;
}

/** More workers than this only add memory: the main thread becomes the bottleneck. */
const MAX_WORKERS = 4;

export class RenderPool {
  private readonly workers: Array<{ worker: Worker; pending: Map<number, Pending> }> = [];
  private nextId = 0;

  constructor(root: string, size = Math.min(availableParallelism(), MAX_WORKERS)) {
    for (let i = 0; i < Math.max(1, size); i++) {
      // The parent's flags (`-e`, `--input-type`) belong to its entry script, not to the worker.
      const worker = new Worker(new URL('./render-worker.js', import.meta.url), { workerData: { root }, execArgv: [] });
      const pending = new Map<number, Pending>();
      worker.on('message', (response: RenderResponse) => {
        const task = pending.get(response.id);
        pending.delete(response.id);
        if ('error' in response) task?.reject(new Error(response.error));
        else task?.resolve({ frontmatter: response.frontmatter, markdown: response.markdown });
      });
      worker.on('error', (error) => {
        for (const task of pending.values()) task.reject(error);
        pending.clear();
      });
      this.workers.push({ worker, pending });
    }
  }

  /** Renders `rel` (relative to the docs root) on the least busy worker. */
  render(rel: string): Promise<RenderedMdx> {
    const target = this.workers.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, rel } satisfies RenderRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
