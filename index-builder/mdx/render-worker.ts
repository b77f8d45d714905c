/** Worker side of RenderPool: reads and renders one MDX file per message. */
import { parentPort, workerData } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderMdx } from './render.js';
import { snippetResolver } from './snippets.js';
import type { RenderRequest, RenderResponse } from './render-pool.js';

const root = (workerData as { root: string }).root;
const snippets = snippetResolver(root);

parentPort!.on('message', async ({ id, rel }: RenderRequest) => {
  let response: RenderResponse;
  try {
    const { frontmatter, markdown } = renderMdx(await readFile(join(root, rel), 'utf8'), { snippets });
    response = { id, frontmatter, markdown };
  } catch (error) {
    response = { id, error: (error as Error).message.split('\n')[0]! };
  }
  parentPort!.postMessage(response);
});
