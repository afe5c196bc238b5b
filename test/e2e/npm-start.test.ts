import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPackageCopy,
  freePort,
  killGroup,
  type Spawned,
  spawnNode,
  spawnNpm,
  waitUntilHealthy,
} from '../support/child-process.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-npm-start-test-token',
  SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
};

/**
 * Docker, systemd and Kubernetes stop a service by sending SIGTERM to the process they started,
 * here `npm start` (or `node dist/main.js` as a container's PID 1). The bot must get the signal,
 * say it stopped, close its port, and the process the platform watches must exit 0.
 */
describe('signals reach the bot however it is started', () => {
  let slack: FakeSlack;
  let pkg: string;
  beforeAll(async () => {
    slack = await startFakeSlack();
    pkg = await buildPackageCopy();
  }, 120_000);
  afterAll(async () => {
    await slack.close();
    rmSync(pkg, { recursive: true, force: true });
  });
  // Here rather than in a `finally`: a test that times out never reaches its `finally`, and a bot
  // left behind by a broken signal path would keep its port and outlive the run.
  const started: Spawned[] = [];
  afterEach(() => {
    for (const proc of started.splice(0)) killGroup(proc);
  });

  /** The bot's environment: a fake Slack, the built-in stats simulator, its own DB and port. */
  function botEnv(port: number, label: string): Record<string, string> {
    return {
      ...SECRETS,
      SLACK_API_URL: slack.apiUrl,
      EXEC_STATS_SIMULATOR: '1',
      EXEC_STATS_DB: join(pkg, `${label}.db`),
      PORT: String(port),
    };
  }

  async function expectStoppedCleanly(proc: Spawned, healthUrl: string, signal: string) {
    // Bounded below the test's timeout, so a process that ignores the signal fails with its output.
    let timer: NodeJS.Timeout | undefined;
    const stillRunning = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('still running 10 s after the signal'), 10_000);
    });
    const exit = await Promise.race([proc.exited, stillRunning]).finally(() => clearTimeout(timer));
    expect(exit, proc.stdout() + proc.stderr()).toBe(0);
    const lines = proc.stdout().split('\n');
    expect(lines.some((line) => line.includes('"msg":"stopping') && line.includes(signal))).toBe(
      true,
    );
    expect(lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    // Nothing answers on the port any more: the bot itself ended, not only the process in front.
    const refused = await fetch(healthUrl).then(
      () => 'answered',
      (error: { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
  }

  it.each(['SIGTERM', 'SIGINT'])('%s to the npm start process itself', async (signal) => {
    const port = await freePort();
    const proc = spawnNpm(['start'], botEnv(port, `npm-${signal}`), pkg);
    started.push(proc);
    const healthUrl = `http://127.0.0.1:${port}/healthz`;
    await waitUntilHealthy(healthUrl);
    proc.child.kill(signal as NodeJS.Signals);
    await expectStoppedCleanly(proc, healthUrl, signal);
  });

  it('SIGTERM to node dist/main.js run directly, as a container CMD runs it', async () => {
    const port = await freePort();
    const proc = spawnNode([join(pkg, 'dist/main.js')], botEnv(port, 'node'));
    started.push(proc);
    const healthUrl = `http://127.0.0.1:${port}/healthz`;
    await waitUntilHealthy(healthUrl);
    proc.child.kill('SIGTERM');
    await expectStoppedCleanly(proc, healthUrl, 'SIGTERM');
  });
});
