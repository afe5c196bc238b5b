import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  compareIdentity,
  type FileIdentity,
  identityOf,
  type StateFileProblem,
  watchStateFiles,
} from '../../../src/state/state-file-watch.js';
import { tempDbPath } from './temp-db.js';

describe('compareIdentity', () => {
  const opened = { dev: 1, ino: 42 };
  it.each([
    [{ dev: 1, ino: 42 }, 'same'],
    [null, 'missing'],
    [{ dev: 1, ino: 43 }, 'replaced'],
    [{ dev: 2, ino: 42 }, 'replaced'],
  ] as const)('%j -> %s', (current, change) => {
    expect(compareIdentity(opened, current)).toBe(change);
  });
});

describe('watchStateFiles', () => {
  let temp = tempDbPath();
  afterEach(() => {
    temp.cleanup();
    temp = tempDbPath();
  });

  function watched(files: Record<string, FileIdentity | null>) {
    const problems: StateFileProblem[] = [];
    const watch = watchStateFiles({
      files: Object.keys(files),
      identify: (path) => files[path] ?? null,
      onProblem: (problem) => problems.push(problem),
    });
    return { watch, problems };
  }

  it('reports nothing while every file is the one opened', () => {
    const { watch, problems } = watched({
      '/a.db': { dev: 1, ino: 1 },
      '/a.db.lock': { dev: 1, ino: 2 },
    });
    expect(watch.check()).toBeNull();
    expect(watch.check()).toBeNull();
    expect(watch.problem).toBeNull();
    expect(problems).toEqual([]);
  });

  it('reports a deleted file once, and keeps reporting it', () => {
    const files: Record<string, FileIdentity | null> = { '/a.db': { dev: 1, ino: 1 } };
    const { watch, problems } = watched(files);
    files['/a.db'] = null;
    expect(watch.check()).toEqual({ path: '/a.db', change: 'missing' });
    // Put back (another file now): still a problem, and still reported only once.
    files['/a.db'] = { dev: 1, ino: 9 };
    expect(watch.check()).toEqual({ path: '/a.db', change: 'missing' });
    expect(watch.problem).toEqual({ path: '/a.db', change: 'missing' });
    expect(problems).toEqual([{ path: '/a.db', change: 'missing' }]);
  });

  it('reports a file replaced by another', () => {
    const files: Record<string, FileIdentity | null> = {
      '/a.db': { dev: 1, ino: 1 },
      '/a.db.lock': { dev: 1, ino: 2 },
    };
    const { watch, problems } = watched(files);
    files['/a.db.lock'] = { dev: 1, ino: 3 };
    expect(watch.check()).toEqual({ path: '/a.db.lock', change: 'replaced' });
    expect(problems).toHaveLength(1);
  });

  it('ignores a file that was not there when the watch began', () => {
    const { watch } = watched({ '/absent.db': null });
    expect(watch.check()).toBeNull();
  });

  it('sees real files deleted and replaced on disk', () => {
    const a = join(temp.dir, 'a.db');
    const b = join(temp.dir, 'b.db');
    writeFileSync(a, 'a');
    writeFileSync(b, 'b');
    expect(identityOf(join(temp.dir, 'none'))).toBeNull();
    const problems: StateFileProblem[] = [];
    const watch = watchStateFiles({ files: [a, b], onProblem: (p) => problems.push(p) });
    expect(watch.check()).toBeNull();
    rmSync(a);
    expect(watch.check()).toEqual({ path: a, change: 'missing' });

    const other = watchStateFiles({ files: [b], onProblem: (p) => problems.push(p) });
    const c = join(temp.dir, 'c.db');
    writeFileSync(c, 'c');
    renameSync(c, b);
    expect(other.check()).toEqual({ path: b, change: 'replaced' });
    expect(problems).toHaveLength(2);
    watch.stop();
    other.stop();
  });
});
