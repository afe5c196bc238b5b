import { Pool } from 'undici';
import { slackSignature, slashCommandBody } from '../test/support/slack-request.js';
import type { AppChild } from './app-child.js';
import { BENCH_SIGNING_SECRET } from './world.js';

/**
 * The load generator: signed requests fired concurrently over a keep-alive pool with one
 * connection per concurrent request, opened before the clock starts, so the client is not what
 * is measured.
 */

export interface Command {
  readonly text: string;
  readonly responseUrl: string;
  readonly userId: string;
}

export interface LoadClient {
  /** Opens (or re-opens) `count` connections with cheap signed requests that every app answers. */
  warmUp(count: number): Promise<void>;
  /** Sends every command at once; resolves with each one's time to its HTTP 200, in ms. */
  fire(commands: readonly Command[]): Promise<number[]>;
  close(): Promise<void>;
}

export function createLoadClient(app: AppChild, connections: number): LoadClient {
  const pool = new Pool(app.baseUrl, { connections, pipelining: 1, keepAliveTimeout: 30_000 });

  async function post(body: string, contentType: string): Promise<number> {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(BENCH_SIGNING_SECRET, timestamp, body),
    };
    const started = performance.now();
    const response = await pool.request({ path: app.eventsPath, method: 'POST', headers, body });
    await response.body.dump();
    const elapsed = performance.now() - started;
    if (response.statusCode !== 200) {
      throw new Error(`${app.kind} app answered HTTP ${response.statusCode}`);
    }
    return elapsed;
  }

  return {
    async warmUp(count) {
      // Slack's url_verification: signed, answered by Bolt itself, no listener involved.
      const body = JSON.stringify({ type: 'url_verification', challenge: 'warm', token: 'x' });
      await Promise.all(Array.from({ length: count }, () => post(body, 'application/json')));
    },
    fire(commands) {
      const form = 'application/x-www-form-urlencoded';
      return Promise.all(commands.map((command) => post(slashCommandBody(command), form)));
    },
    close: () => pool.close(),
  };
}
