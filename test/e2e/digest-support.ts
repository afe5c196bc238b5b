import type { DigestConfig } from '../../src/config/config.js';
import { createDigestsFeature, type DigestsFeatureOptions } from '../../src/digests/feature.js';
import type { FeatureFactory } from '../../src/features/feature.js';
import type { SlackDelivery } from '../../src/slack/delivery.js';
import type { DeliveryClient } from '../../src/slack/paced-client.js';
import { type Database, openStateDb } from '../../src/state/open-state-db.js';
import { createSqliteDigestStore } from '../../src/state/sqlite-digest-store.js';
import { createSqlitePostLedger } from '../../src/state/sqlite-post-ledger.js';
import { type E2eWorld, startE2eWorld } from '../support/e2e-harness.js';
import type { FakeSlack, WebApiCall } from '../support/fake-slack.js';

/** The digests feature on a state DB file, as main.ts wires it. */
export function digestsOnDb(
  path: string,
  digests: readonly DigestConfig[],
  options: Partial<DigestsFeatureOptions> = {},
): { factory: FeatureFactory; db: Database } {
  const db = openStateDb(path);
  return { factory: digestsFeature(db, digests, options), db };
}

/** The digests feature on an open state DB, as main.ts wires it. */
export function digestsFeature(
  db: Database,
  digests: readonly DigestConfig[],
  options: Partial<DigestsFeatureOptions> = {},
): FeatureFactory {
  return createDigestsFeature({
    digests,
    store: createSqliteDigestStore(db),
    ledger: createSqlitePostLedger(db),
    stopTimeoutMs: 2_000,
    ...options,
  });
}

export const digest = (overrides: Partial<DigestConfig> = {}): DigestConfig => ({
  name: 'ops-daily',
  channel: 'C0DIGEST01',
  schedule: '0 9 * * *',
  timezone: 'UTC',
  window: '24h',
  ...overrides,
});

/** chat.postMessage calls the fake Slack received. */
export const posts = (slack: FakeSlack): WebApiCall[] =>
  slack.calls.filter((call) => call.method === 'chat.postMessage');

export const postKey = (call: WebApiCall): string =>
  String(
    (call.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key,
  );

/**
 * Lets the fake Slack answer conversations.history from the posts it recorded, metadata
 * included, as Slack does with include_all_metadata.
 */
export function serveHistory(slack: FakeSlack): void {
  let ts = 0;
  const tsOf = new Map<WebApiCall, string>();
  slack.onMethod('chat.postMessage', (args, call) => {
    const assigned = `1800000000.${String(++ts).padStart(6, '0')}`;
    tsOf.set(call, assigned);
    return { body: { ok: true, channel: args.channel, ts: assigned } };
  });
  slack.onMethod('conversations.history', (args) => ({
    body: {
      ok: true,
      has_more: false,
      messages: posts(slack)
        .filter((call) => call.args.channel === args.channel)
        .map((call) => ({ ts: tsOf.get(call), metadata: call.args.metadata }))
        .reverse(),
    },
  }));
}

/**
 * The real app with the digests feature on a fresh state DB file, for tests that drive
 * subscriptions through signed commands; `close` stops the app and removes the file.
 */
export async function startDigestWorld(digests: readonly DigestConfig[]): Promise<{
  world: E2eWorld;
  db: Database;
  close(): Promise<void>;
}> {
  const world = await startE2eWorld({ features: (db) => [digestsFeature(db, digests)] });
  return { world, db: world.db, close: () => world.close() };
}

export type Crash = 'before-slack' | 'after-slack';

/** The feature with a delivery client that "dies" in chat.postMessage (the call never returns). */
export function crashing(factory: FeatureFactory, crash: Crash): FeatureFactory {
  return (context) => {
    const real = context.delivery.client('digests');
    const client: DeliveryClient = {
      ...real,
      chat: {
        ...real.chat,
        postMessage: async (args) => {
          if (crash === 'after-slack') await real.chat.postMessage(args);
          return new Promise(() => {});
        },
      },
    };
    // The real delivery for everything else (history, update), with the dying postMessage.
    const delivery: SlackDelivery = {
      client: () => client,
      stopped: context.delivery.stopped,
      stop: () => context.delivery.stop(),
    };
    return factory({ ...context, delivery });
  };
}
