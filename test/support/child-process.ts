import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface Spawned {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
}

/**
 * What a child keeps of the test's environment besides PATH: the variables that move the clock
 * (libfaketime's, used by `.ci/run-at`), so a bot process runs on the same clock as the test
 * that signs its requests and serves its stats.
 */
const CLOCK_VARIABLES = ['LD_PRELOAD', 'FAKETIME', 'FAKETIME_DONT_FAKE_MONOTONIC'] as const;

function inheritedEnv(): Record<string, string> {
  const kept: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const name of CLOCK_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

/**
 * Runs a script of this repository as its own Node process, in an empty working directory (so no
 * developer's `.env` or `exec-stats.yml` leaks in), with only the environment given plus PATH
 * (and the clock's variables, see CLOCK_VARIABLES).
 */
export function spawnNode(args: readonly string[], env: Record<string, string>): Spawned {
  const cwd = mkdtempSync(join(tmpdir(), 'exec-stats-'));
  return spawnCaptured(process.execPath, args, { ...inheritedEnv(), ...env }, cwd);
}

/**
 * Runs `npm ARGS` in `cwd` as an operator or a container would: the child is the npm process
 * itself (not a shell around it), so a signal sent to `child.pid` is a signal to npm. It leads its
 * own process group, so `killGroup` can clean up whatever npm started even if npm is gone. HOME is
 * `cwd` (npm's cache and logs stay out of the developer's), and npm's update check is off
 * (offline, and no extra output).
 */
export function spawnNpm(args: readonly string[], env: Record<string, string>, cwd: string) {
  return spawnCaptured(
    'npm',
    args,
    {
      ...inheritedEnv(),
      HOME: cwd,
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      ...env,
    },
    cwd,
    { detached: true },
  );
}

/**
 * SIGKILL to what `spawned` started: its process group when it leads one (`spawnNpm`: npm, a shell,
 * the bot), and the process itself in any case. For cleanup; a process already gone is fine.
 */
export function killGroup(spawned: Spawned): void {
  const pid = spawned.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // not a group leader (spawnNode), or the group is already gone
  }
  spawned.child.kill('SIGKILL');
}

function spawnCaptured(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
  options: { detached?: boolean } = {},
): Spawned {
  const child = spawn(command, [...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls until `predicate` holds for the process's stdout; throws with the output after `timeoutMs`. */
export async function waitForOutput(
  spawned: Spawned,
  predicate: (stdout: string) => boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(spawned.stdout())) {
    if (Date.now() > deadline) {
      throw new Error(
        `not seen within ${timeoutMs} ms; stdout:\n${spawned.stdout()}\nstderr:\n${spawned.stderr()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A throwaway copy of this package to run `npm start` in: package.json copied (its scripts are
 * what is tested), node_modules and assets/ (the charts' font) linked, and dist/ compiled from src/ by the repository's tsc, as
 * `npm install` does through `prepare`. Compiling here rather than into the repository's dist/
 * means a test never runs a developer's stale build, and concurrent runs never write the same
 * files; the copy holds no `.env` or `exec-stats.yml`. Type errors do not stop tsc from writing
 * dist/ (the typecheck is another test's job): only a missing dist/main.js fails here.
 */
export async function buildPackageCopy(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'exec-stats-pkg-'));
  copyFileSync(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // The charts' font ships beside dist/, as in a deployment (charts/chart-font.ts finds it there).
  symlinkSync(join(REPO_ROOT, 'assets'), join(dir, 'assets'), 'dir');
  const tsc = createRequire(join(REPO_ROOT, 'package.json')).resolve('typescript/bin/tsc');
  const build = spawnCaptured(
    process.execPath,
    [tsc, '-p', join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')],
    { PATH: process.env.PATH ?? '' },
    REPO_ROOT,
  );
  await build.exited;
  if (!existsSync(join(dir, 'dist/main.js'))) {
    throw new Error(`tsc wrote no dist/main.js:\n${build.stdout()}\n${build.stderr()}`);
  }
  return dir;
}

/** `node --import tsx src/main.ts`, with tsx resolved from this repository (cwd is elsewhere). */
export function mainScriptArgs(): string[] {
  const tsx = createRequire(join(REPO_ROOT, 'package.json')).resolve('tsx');
  return ['--import', pathToFileURL(tsx).href, join(REPO_ROOT, 'src/main.ts')];
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Polls `url` until it answers 200, or fails after `timeoutMs`. */
export async function waitUntilHealthy(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** Polls `url` until it answers `status`; the last answer's body. Fails after `timeoutMs`. */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs = 30_000,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      const body: unknown = await response.json();
      if (response.status === status) return body;
      last = `${response.status} ${JSON.stringify(body)}`;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}
