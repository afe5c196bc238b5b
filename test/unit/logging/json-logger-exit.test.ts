import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnNode } from '../../support/child-process.js';

const SCRIPT = join(REPO_ROOT, 'test/fixtures/logging/log-then-exit.ts');
const COUNT = 500;

function runScript(mode: 'main' | 'cli') {
  const tsx = createRequire(join(REPO_ROOT, 'package.json')).resolve('tsx');
  return spawnNode(['--import', pathToFileURL(tsx).href, SCRIPT, mode, String(COUNT)], {});
}

describe('JSON log lines of a process that ends right after logging, read through a pipe', () => {
  it.each([
    ['main', 'the default writer on stdout, then process.exit', 'stdout'],
    ['cli', "the CLI's stderr writer, then process.exitCode", 'stderr'],
  ] as const)('%s (%s): every line whole, each ending with a newline', async (mode, _how, fd) => {
    const run = runScript(mode);
    expect(await run.exited).toBe(3);
    const output = fd === 'stdout' ? run.stdout() : run.stderr();
    expect(output.endsWith('}\n')).toBe(true);
    const lines = output.slice(0, -1).split('\n');
    expect(lines).toHaveLength(COUNT + 1);
    const parsed = lines.map((line) => JSON.parse(line) as { msg: string; i?: number });
    expect(parsed.slice(0, -1).map((line) => line.i)).toEqual([...Array(COUNT).keys()]);
    expect(parsed.at(-1)).toMatchObject({ level: 'error', msg: 'exiting now', code: 3 });
  });
});
