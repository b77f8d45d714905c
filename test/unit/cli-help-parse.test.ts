/**
 * The `--help` page parser that is the ground truth for the installed-CLI comparison, on pages captured
 * from real releases (test/fixtures/cli-help, COLUMNS=120): rich-typer (2.x, 3.6.19) and cyclopts (3.6.20+)
 * lay out flag names differently, and a misread page turns real flags into "invented" ones.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../../src/paths.js';
import { parseHelp } from '../helpers/cli-help-walk.js';

const page = (file: string, path: string) => parseHelp(path, readFileSync(join(packageRoot, 'test', 'fixtures', 'cli-help', file), 'utf8'));

describe('parseHelp on real help pages', () => {
  it('rich-typer: an option with only a short name starts its own row in the short-name column', () => {
    const upgrade = page('typer-2.20.27-server-database-upgrade.txt', 'prefect server database upgrade');
    assert.deepEqual([...upgrade.flags].sort(), ['--dry-run', '--no-dry-run', '--yes', '-r', '-y']);
    assert.deepEqual([...upgrade.requiredFlags], []);
    assert.equal(upgrade.usage, 'prefect server database upgrade [OPTIONS]');
  });

  it('rich-typer: comma-joined names in one column are separate flag names', () => {
    const create = page('typer-2.20.27-work-pool-create.txt', 'prefect work-pool create');
    assert.deepEqual([...create.flags].sort(), ['--base-job-template', '--overwrite', '--paused', '--provision-infra', '--provision-infrastructure', '--set-as-default', '--type', '-t']);
    assert.deepEqual(create.argumentLabels, ['NAME']);
    assert.deepEqual([...create.requiredArguments], ['NAME']);
  });

  it('rich-typer: a usage line click wrapped onto the next line is read whole', () => {
    const limit = page('typer-2.20.27-work-pool-set-concurrency-limit.txt', 'prefect work-pool set-concurrency-limit');
    assert.equal(limit.usage, 'prefect work-pool set-concurrency-limit [OPTIONS] NAME CONCURRENCY_LIMIT');
    assert.deepEqual(limit.argumentLabels, ['NAME', 'CONCURRENCY_LIMIT']);
  });

  it('cyclopts: a names cell wrapped onto the next lines stays one option, session options included', () => {
    const create = page('cyclopts-3.8.8-work-pool-create.txt', 'prefect work-pool create');
    for (const name of ['--provision-infrastructure', '--provision-infra', '--no-provision-infrastructure', '--no-provision-infra', '--name', '--type', '-t', '--profile', '--no-prompt']) {
      assert.ok(create.flags.has(name), `${name} in ${[...create.flags].join(' ')}`);
    }
    assert.equal(create.flags.size, 17);
    assert.deepEqual([...create.requiredFlags], ['--name']);
    assert.deepEqual([...create.requiredArguments], ['NAME']);
  });
});
