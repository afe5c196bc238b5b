import { DEFAULT_CACHE_TTL_MS } from '../src/stats/cached-source.js';
import type { AppChild } from './app-child.js';
import { type Command, createLoadClient } from './load.js';
import type { BenchWorld } from './world.js';

/**
 * One round: N concurrent `/exec-stats` commands to one app, the time of each ack, and (bot only)
 * every reply awaited on its response_url and the stats API calls the round cost.
 */

export interface RoundResult {
  readonly ackMs: number[];
  /** Calls the stats API received from the first command until every reply arrived. */
  readonly upstreamCalls: number;
  /** When the last reply arrived (performance.now()), for cache-expiry waits. */
  readonly settledAt: number;
}

export interface RoundOptions {
  readonly texts: readonly string[];
  /** Wait for one response_url post per command (the bare app sends none). */
  readonly awaitReplies: boolean;
  readonly replyTimeoutMs?: number;
  /** Open the connections before the clock starts (default true); pointless when only counting. */
  readonly warmUp?: boolean;
}

/** A bot round starts this long after the previous one settled, so its cached answer is gone. */
export const COOL_DOWN_MS = DEFAULT_CACHE_TTL_MS + 500;

let roundCounter = 0;

export async function runRound(
  world: BenchWorld,
  app: AppChild,
  options: RoundOptions,
): Promise<RoundResult> {
  const n = options.texts.length;
  const prefix = `r${++roundCounter}-`;
  const commands: Command[] = options.texts.map((text, i) => ({
    text,
    responseUrl: world.slack.responseUrl(`${prefix}${i}`),
    // 20 people, as in a channel after an incident; their time zones are looked up once.
    userId: `U${i % 20}`,
  }));
  const client = createLoadClient(app, n);
  try {
    if (options.warmUp !== false) await client.warmUp(n);
    const callsBefore = world.statsApi.calls.length;
    const ackMs = await client.fire(commands);
    if (options.awaitReplies) {
      const replies = () => world.slack.responses.filter((post) => post.id.startsWith(prefix));
      await world.slack.waitFor(() => replies().length >= n, options.replyTimeoutMs ?? 60_000);
    }
    const upstreamCalls = world.statsApi.calls.length - callsBefore;
    // The recorded posts and calls are not needed any more; keep the parent's memory flat.
    world.slack.responses.length = 0;
    world.slack.calls.length = 0;
    world.statsApi.calls.length = 0;
    return { ackMs, upstreamCalls, settledAt: performance.now() };
  } finally {
    await client.close();
  }
}
