/**
 * Bundles the server into dist/bin/ after `tsc`. Loading ~350 module files (the MCP SDK
 * pulls in zod, ajv and more) was most of a cold start; one minified file halves it.
 * The docs indexer stays unbundled and is loaded lazily from dist/index-builder: it runs
 * MDX rendering on worker threads addressed by file URL, and few server starts need it.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { packageRoot } from '../src/paths.js';

const DIST = join(packageRoot, 'dist');
const OUT_DIR = join(DIST, 'bin');
const INDEXER_DIR = join(DIST, 'index-builder');
/** The indexer's heavy entry points, imported lazily by the server and the `index` command; the rest it needs is small. */
const EXTERNAL_INDEXER_MODULES = new Set(['build.js', 'progress.js']);

const keepIndexerExternal: Plugin = {
  name: 'keep-indexer-external',
  setup(builder) {
    builder.onResolve({ filter: /index-builder\/|^\.\/[\w-]+\.js$/ }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      if (dirname(target) !== INDEXER_DIR || !EXTERNAL_INDEXER_MODULES.has(target.slice(INDEXER_DIR.length + 1))) return undefined;
      return { path: `./${relative(OUT_DIR, target)}`, external: true };
    });
  },
};

await build({
  entryPoints: { 'prefect-mcp': join(DIST, 'src', 'cli', 'main.js') },
  outdir: OUT_DIR,
  bundle: true,
  splitting: true,
  minify: true,
  sourcemap: 'linked',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addon, and undici: imported lazily, and esbuild's CommonJS interop would lose its named exports.
  external: ['better-sqlite3', 'undici'],
  // Bundled CommonJS dependencies call require(); ESM output has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [keepIndexerExternal],
  logLevel: 'warning',
});
