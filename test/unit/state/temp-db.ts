import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory for a test's DB file; `cleanup()` removes it. */
export function tempDbPath(name = 'state.db'): { path: string; dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'exec-stats-db-'));
  return {
    dir,
    path: join(dir, 'nested', name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
