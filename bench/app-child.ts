import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AppProcessConfig, ChildMessage, LoopStats, ParentMessage } from './app-process.js';

/** The parent's handle on an app-process.ts child: its URL, its memory, and stopping it. */
export interface AppChild {
  readonly kind: AppProcessConfig['kind'];
  readonly baseUrl: string;
  readonly eventsPath: string;
  /** process.memoryUsage() in the child, after a forced GC when --expose-gc is available. */
  memory(): Promise<{ usage: NodeJS.MemoryUsage; gc: boolean }>;
  /** Starts watching the app's event loop afresh (see LoopStats). */
  resetLoop(): void;
  /** The app's event loop since resetLoop(). */
  loop(): Promise<LoopStats>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./app-process.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export async function startAppChild(config: AppProcessConfig): Promise<AppChild> {
  // The parent runs under tsx, so its execArgv already loads TypeScript; --expose-gc for memory().
  // BENCH_CPU_PROF=<dir>: each app writes a V8 CPU profile there when it stops (see README).
  const profileDir = process.env.BENCH_CPU_PROF;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const execArgv = [...new Set([...process.execArgv, '--expose-gc', ...profile])];
  const child = fork(ENTRY, [], {
    execArgv,
    env: { ...process.env, BENCH_APP: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${config.kind} app did not start`)),
      START_TIMEOUT_MS,
    );
    child.once('exit', (code) => reject(new Error(`${config.kind} app exited with ${code}`)));
    child.once('message', (message: ChildMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve(message.port);
      else reject(new Error(`unexpected first message ${message.type}`));
    });
  });
  return {
    kind: config.kind,
    baseUrl: `http://127.0.0.1:${port}`,
    eventsPath: '/slack/events',
    memory: () => ask(child),
    resetLoop: () => child.send({ type: 'loop-reset' } satisfies ParentMessage),
    loop: () => askLoop(child),
    stop: () => stop(child),
  };
}

function ask(child: ChildProcess): Promise<{ usage: NodeJS.MemoryUsage; gc: boolean }> {
  return new Promise((resolve) => {
    child.once('message', (message: ChildMessage) => {
      if (message.type === 'memory') resolve({ usage: message.usage, gc: message.gc });
    });
    child.send({ type: 'memory' } satisfies ParentMessage);
  });
}

function askLoop(child: ChildProcess): Promise<LoopStats> {
  return new Promise((resolve) => {
    const listener = (message: ChildMessage) => {
      if (message.type !== 'loop') return;
      child.off('message', listener);
      resolve(message.stats);
    };
    child.on('message', listener);
    child.send({ type: 'loop' } satisfies ParentMessage);
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' } satisfies ParentMessage);
  });
}
