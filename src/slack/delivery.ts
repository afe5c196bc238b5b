import { webApi } from '@slack/bolt';
import type { Timers } from '../lifecycle/timers.js';
import { type DeliveryClient, pacedClient, type RawDeliveryClient } from './paced-client.js';
import { createRateGate, type Lane, type RateLimits } from './rate-gate.js';

/**
 * How digests and alerts reach Slack: one Web API client for delivery, with a per-call timeout
 * and no retries of its own (Bolt's client keeps its retries for everything else), behind one rate
 * gate shared by every feature, each feature in its lane.
 */

export interface SlackDeliveryOptions {
  readonly token: string | undefined;
  readonly apiUrl: string | null;
  /** The fetch Bolt's client uses too (it reports an unreachable Slack once per outage). */
  readonly fetch?: webApi.FetchFunction;
  readonly logger?: webApi.WebClientOptions['logger'];
  /** Per call: seconds, not the client's default of none (an unanswered post held alerts 300 s). */
  readonly timeoutMs?: number;
  readonly limits?: RateLimits;
  readonly timers?: Timers;
}

export interface SlackDelivery {
  /** The client a feature posts and edits with, paced in its lane. */
  client(lane: Lane): DeliveryClient;
  /** Aborted at stop: retry waits end at once, and no call waits on the gate any more. */
  readonly stopped: AbortSignal;
  stop(): void;
}

export const DELIVERY_TIMEOUT_MS = 10_000;

export function createSlackDelivery(options: SlackDeliveryOptions): SlackDelivery {
  const raw = new webApi.WebClient(options.token, {
    ...(options.apiUrl === null ? {} : { slackApiUrl: options.apiUrl }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    timeout: options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  return createDeliveryOver(raw as unknown as RawDeliveryClient, options);
}

/** The same over any client (tests pass their own). */
export function createDeliveryOver(
  raw: RawDeliveryClient,
  options: Pick<SlackDeliveryOptions, 'limits' | 'timers'>,
): SlackDelivery {
  const gate = createRateGate(options.limits, options.timers);
  const controller = new AbortController();
  const lanes = new Map<Lane, DeliveryClient>();
  return {
    client(lane) {
      let client = lanes.get(lane);
      if (client === undefined) {
        client = pacedClient(raw, gate, lane);
        lanes.set(lane, client);
      }
      return client;
    },
    stopped: controller.signal,
    stop() {
      controller.abort();
      gate.stop();
    },
  };
}
