import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/child-process.js';

/**
 * Text an operator reads (messages, comments, the example config) must not send them to files
 * that only exist where the bot was written: the product brief, the API notes, a build machine's
 * paths. The paths scanned are the config and logging code and what documents them.
 */
const SCANNED = ['src/config', 'src/logging', 'test/fixtures/config', 'exec-stats.example.yml'];
const OUTSIDE = /product\.md|stats-api\.md|\/work\/|product contract/i;

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
        'src/logging/redact.ts',
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
