import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleBuildWarning } from '../../../src/lifecycle/stale-build.js';

// Fixed modification times (seconds): the check compares files with each other, never with now.
const BUILT = 1_700_000_000;
const BEFORE = BUILT - 60;
const AFTER = BUILT + 60;

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A package tree: dist/main.js built at BUILT, and src files with the given times. */
function tree(sources: Record<string, number>, withDist = true): string {
  const root = mkdtempSync(join(tmpdir(), 'exec-stats-stale-'));
  roots.push(root);
  for (const [name, mtime] of Object.entries(sources)) {
    const file = join(root, 'src', name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '// source\n');
    utimesSync(file, mtime, mtime);
  }
  if (withDist) {
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist/main.js'), '// built\n');
    utimesSync(join(root, 'dist/main.js'), BUILT, BUILT);
  }
  return root;
}

describe('staleBuildWarning', () => {
  it('names a source file changed after the build', () => {
    const root = tree({ 'main.ts': BEFORE, 'slack/reachability.ts': AFTER });
    const warning = staleBuildWarning(join(root, 'dist/main.js'));
    expect(warning).toContain(join('src', 'slack', 'reachability.ts'));
    expect(warning).toContain('npm run build');
  });

  it('is quiet when the build is newer than every source', () => {
    const root = tree({ 'main.ts': BEFORE, 'app.ts': BEFORE });
    expect(staleBuildWarning(join(root, 'dist/main.js'))).toBeNull();
  });

  it('checks nothing without a src/ next to dist/ (an image that ships dist/ alone)', () => {
    const root = tree({});
    expect(staleBuildWarning(join(root, 'dist/main.js'))).toBeNull();
  });

  it('checks nothing when the entry is the TypeScript source itself (npm run dev)', () => {
    const root = tree({ 'main.ts': AFTER }, false);
    expect(staleBuildWarning(join(root, 'src/main.ts'))).toBeNull();
  });
});
