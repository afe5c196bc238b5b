import { type Timers, UNREF_TIMERS } from '../lifecycle/timers.js';

/**
 * Paces the bot's own calls to Slack's Web API so it stays inside Slack's rate limits instead of
 * discovering them through 429s, and so a burst of digests cannot hold up an alert.
 *
 * Each call names the buckets it draws from (the method, and for chat.postMessage the channel:
 * Slack allows about one message per second per channel, with short bursts). A bucket refills
 * one token every `intervalMs` up to `burst`. Waiters are served lane first (alerts before
 * digests), then in arrival order, and a waiter holds back lower-priority waiters on the buckets
 * it is waiting for (empty or closed ones): a queue of digests in a channel never gets a token an
 * alert is waiting for, and a post waiting for its own channel holds up no other channel.
 * A 429 closes the bucket it hit until Slack's Retry-After has passed.
 */

export type Lane = 'alerts' | 'digests';

const LANE_ORDER: Record<Lane, number> = { alerts: 0, digests: 1 };

export interface BucketLimit {
  readonly burst: number;
  readonly intervalMs: number;
}

/** Limits by bucket name; a channel's bucket is `chat.postMessage:<channel>`. */
export interface RateLimits {
  readonly perMethod: Readonly<Record<string, BucketLimit>>;
  readonly perChannelPost: BucketLimit;
}

/**
 * Slack's published tiers, with room to spare: chat.postMessage ~1 per second per channel (and
 * several hundred a minute per workspace), chat.update and the history methods Tier 3 (50+ a
 * minute). Methods not listed are not paced.
 */
export const SLACK_RATE_LIMITS: RateLimits = {
  perMethod: {
    'chat.postMessage': { burst: 20, intervalMs: 250 },
    'chat.update': { burst: 10, intervalMs: 1_200 },
    'conversations.history': { burst: 5, intervalMs: 1_200 },
    'conversations.replies': { burst: 5, intervalMs: 1_200 },
  },
  perChannelPost: { burst: 3, intervalMs: 1_000 },
};

export interface RateGate {
  /** Resolves when a call to `method` (in `channel`, for posts) may go; rejects once stopped. */
  acquire(method: string, channel: string | null, lane: Lane): Promise<void>;
  /** Slack answered 429 for this call: its bucket stays closed until `retryAfterMs` from now. */
  rateLimited(method: string, channel: string | null, retryAfterMs: number): void;
  /** Waiters, for logs and tests. */
  readonly waiting: number;
  /** Rejects every waiter and every later acquire. */
  stop(): void;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  closedUntil: number;
  readonly limit: BucketLimit;
}

interface Waiter {
  readonly buckets: readonly string[];
  readonly lane: Lane;
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** Buckets kept at most; full, idle ones are dropped first (a bot in thousands of channels). */
const MAX_BUCKETS = 2_000;

export class RateGateStoppedError extends Error {
  constructor() {
    super('the Slack rate gate is stopped (the bot is shutting down)');
    this.name = 'RateGateStoppedError';
  }
}

/**
 * `now` is a monotonic clock (milliseconds), not the bot's clock: pacing is about time that really
 * passes between calls, and a fixed or faked business clock must not stop it.
 */
export function createRateGate(
  limits: RateLimits = SLACK_RATE_LIMITS,
  timers: Timers = UNREF_TIMERS,
  now: () => number = () => performance.now(),
): RateGate {
  const buckets = new Map<string, Bucket>();
  const waiters: Waiter[] = [];
  let seq = 0;
  let stopped = false;
  let cancelTimer: (() => void) | null = null;
  let timerAt = Number.POSITIVE_INFINITY;

  const namesFor = (method: string, channel: string | null): string[] => {
    const names: string[] = [];
    if (limits.perMethod[method] !== undefined) names.push(method);
    if (method === 'chat.postMessage' && channel !== null) names.push(`${method}:${channel}`);
    return names;
  };

  const limitOf = (name: string): BucketLimit => limits.perMethod[name] ?? limits.perChannelPost;

  const bucket = (name: string, now: number): Bucket => {
    let b = buckets.get(name);
    if (b === undefined) {
      if (buckets.size >= MAX_BUCKETS) prune(now);
      const limit = limitOf(name);
      b = { tokens: limit.burst, updatedAt: now, closedUntil: 0, limit };
      buckets.set(name, b);
    }
    const refill = Math.floor((now - b.updatedAt) / b.limit.intervalMs);
    if (refill > 0) {
      b.tokens = Math.min(b.limit.burst, b.tokens + refill);
      b.updatedAt = b.tokens === b.limit.burst ? now : b.updatedAt + refill * b.limit.intervalMs;
    }
    return b;
  };

  const prune = (now: number) => {
    for (const [name, b] of buckets) {
      if (b.closedUntil <= now && now - b.updatedAt >= b.limit.intervalMs * b.limit.burst)
        buckets.delete(name);
    }
  };

  /** When the bucket will next have a token and be open (now, if it has). */
  const readyAt = (b: Bucket, now: number): number => {
    const open = Math.max(now, b.closedUntil);
    return b.tokens >= 1 ? open : Math.max(open, b.updatedAt + b.limit.intervalMs);
  };

  const pump = () => {
    if (stopped) return;
    const t = now();
    waiters.sort((a, b) => LANE_ORDER[a.lane] - LANE_ORDER[b.lane] || a.seq - b.seq);
    const heldBack = new Set<string>();
    let next = Number.POSITIVE_INFINITY;
    for (let i = 0; i < waiters.length; ) {
      const w = waiters[i] as Waiter;
      const state = w.buckets.map((name) => bucket(name, t));
      const blockedBy = w.buckets.some((name) => heldBack.has(name));
      const ready = state.map((b) => readyAt(b, t));
      const at = Math.max(t, ...ready);
      if (!blockedBy && at <= t) {
        for (const b of state) b.tokens -= 1;
        waiters.splice(i, 1);
        w.resolve();
        continue;
      }
      // Only the buckets it is waiting for are kept for it: a post held up by its own channel
      // leaves the method's workspace-wide bucket to posts in other channels.
      w.buckets.forEach((name, k) => {
        if ((ready[k] ?? t) > t) heldBack.add(name);
      });
      if (!blockedBy) next = Math.min(next, at);
      i += 1;
    }
    arm(next, t);
  };

  const arm = (at: number, now: number) => {
    if (at === Number.POSITIVE_INFINITY || at >= timerAt) return;
    cancelTimer?.();
    timerAt = at;
    cancelTimer = timers.set(
      () => {
        cancelTimer = null;
        timerAt = Number.POSITIVE_INFINITY;
        pump();
      },
      Math.max(1, at - now),
    );
  };

  return {
    acquire(method, channel, lane) {
      if (stopped) return Promise.reject(new RateGateStoppedError());
      const names = namesFor(method, channel);
      if (names.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiters.push({ buckets: names, lane, seq: seq++, resolve, reject });
        pump();
      });
    },
    rateLimited(method, channel, retryAfterMs) {
      const t = now();
      const names = namesFor(method, channel);
      // A 429 on a post is about its channel when we know it, else the whole method.
      const hit = names.length > 1 ? names.slice(1) : names;
      for (const name of hit) {
        const b = bucket(name, t);
        b.closedUntil = Math.max(b.closedUntil, t + retryAfterMs);
        b.tokens = 0;
        b.updatedAt = t;
      }
      pump();
    },
    get waiting() {
      return waiters.length;
    },
    stop() {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      for (const w of waiters.splice(0)) w.reject(new RateGateStoppedError());
    },
  };
}
