import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/child-process.js';

/**
 * Text an operator or a developer reads (the bot's output, comments, docs, the example config)
 * must not send them to files that only exist where the bot was written: the product brief, the
 * API notes, a build machine's paths.
 */
const SCANNED = [
  'src',
  'bin',
  'bench',
  'scripts',
  'test/support',
  'test/fixtures/config',
  'docs',
  'README.md',
  'exec-stats.example.yml',
  'manifest.yml',
  '.env.sample',
];
const OUTSIDE =
  /product\.md|stats-api(\.original)?\.(md|txt)|architecture\.md|DEVELOPERS\.md|\/work\/|\.\.\/shared\/|product contract/i;

function filesUnder(path: string): string[] {
  const full = join(REPO_ROOT, path);
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full).flatMap((name) => filesUnder(join(path, name)));
}

describe('no reference to files outside the repository', () => {
  const files = SCANNED.flatMap(filesUnder);

  it('scans the files it means to', () => {
    expect(files.map((file) => relative(REPO_ROOT, file))).toEqual(
      expect.arrayContaining([
        'src/config/file.ts',
        'src/cli/replay.ts',
        'README.md',
        'exec-stats.example.yml',
      ]),
    );
  });

  it.each(files.map((file) => [relative(REPO_ROOT, file), file]))('%s', (_name, file) => {
    const hits = readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, index) => (OUTSIDE.test(line) ? [`${index + 1}: ${line.trim()}`] : []));
    expect(hits).toEqual([]);
  });
});
