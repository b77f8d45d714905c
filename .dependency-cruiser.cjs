/**
 * The layer rules (docs/architecture.md), checked by test/unit/layers.test.ts and by
 * `npm run check:layers`. Lower layers never import higher ones:
 *
 *   top      src/server, src/transports, src/cli, src/resources, src/prompts
 *   tools    src/tools
 *   docs     src/docs (store, search)        index-builder/ (the indexer)
 *   model    src/prefect (client, types)     src/docs-model (the docs site model)
 *   bottom   src/errors.ts, src/config, src/log.ts, src/paths.ts, src/version.ts, src/retry-after.ts
 *
 * src/docs and index-builder/ both stand on src/docs-model and never on each other; only
 * the CLI layer may load the indexer.
 */
const BOTTOM = '^src/(errors|log|paths|version|retry-after)[.]ts$|^src/config/';
const PREFECT = '^src/prefect/';
const DOCS_MODEL = '^src/docs-model/';
const DOCS = '^src/docs/';
const INDEXER = '^index-builder/';
const TOOLS = '^src/tools/';
const OWN_CODE = '^(src|index-builder)/';

/** A rule: code under `from` may import only its own folder and `allowed` (besides packages). */
const only = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: OWN_CODE, pathNot: [from, ...allowed] },
});

module.exports = {
  forbidden: [
    only('bottom-layer', 'config, errors, log and paths sit at the bottom: they import no other layer', BOTTOM, []),
    only('prefect-layer', 'the Prefect client and types stand on the bottom layer only', PREFECT, [BOTTOM]),
    only('docs-model-layer', 'the docs site model stands on the bottom layer only', DOCS_MODEL, [BOTTOM]),
    only('docs-layer', 'the docs store and search stand on the docs model, never on index-builder/ or the tools', DOCS, [BOTTOM, DOCS_MODEL]),
    only('indexer-layer', 'index-builder/ stands on the docs model, never on src/docs or the server', INDEXER, [BOTTOM, DOCS_MODEL]),
    only('tools-layer', 'tools use the Prefect client, the docs store and the models; never the server, transports, CLI or indexer', TOOLS, [BOTTOM, PREFECT, DOCS_MODEL, DOCS]),
    {
      name: 'indexer-only-from-cli',
      comment: 'only the CLI layer loads the indexer (it hands the server a builder function)',
      severity: 'error',
      from: { path: OWN_CODE, pathNot: ['^src/cli/', INDEXER] },
      to: { path: INDEXER },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles (type-only imports included)',
      severity: 'error',
      from: { path: OWN_CODE },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '[.]d[.]ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
