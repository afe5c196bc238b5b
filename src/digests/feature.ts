import { randomUUID } from 'node:crypto';
import type { DigestConfig } from '../config/config.js';
import type { ChangeSignal } from '../features/change-signal.js';
import type { Feature, FeatureFactory } from '../features/feature.js';
import type { PostLedger } from '../slack/post-once.js';
import { fromConfig, fromSubscription } from './digest.js';
import { createDigestScheduler } from './digest-scheduler.js';
import { type DigestModalDeps, openNewDigestModal, registerDigestModal } from './modal-handlers.js';
import { createReplicaSweep } from './replica-sweep.js';
import { digestFetch } from './run-digest.js';
import type { DigestStore } from './store.js';
import { digestSubcommands } from './subcommands.js';
import { digestSubscriptions, type SubscriptionDeps } from './subscribe.js';
import type { SubscriptionLimits } from './subscription-limits.js';

export interface DigestsFeatureOptions {
  /** The YAML digests (config.file.digests). */
  readonly digests: readonly DigestConfig[];
  readonly store: DigestStore;
  readonly ledger: PostLedger;
  /** This process's identity in claims and the post ledger; random per start by default. */
  readonly owner?: string;
  /** How long stop() waits for runs under way (default 10 s). */
  readonly stopTimeoutMs?: number;
  /** Caps on subscriptions from Slack (default SUBSCRIPTION_LIMITS: 5 per channel, 10 per person). */
  readonly limits?: SubscriptionLimits;
  /**
   * How often to pick up subscriptions made or removed through another replica, and to look for
   * runs a dead replica claimed and never finished and finish them (default 15 s; with SQLite,
   * one process per file, there are never any of either).
   */
  readonly orphanSweepMs?: number;
  /** How long after a run failed outside the stats API and Slack to catch it up (default 30 s). */
  readonly catchUpRetryMs?: number;
  /** Told when someone subscribes, edits or removes a digest (the Home tab publishes it). */
  readonly changes?: ChangeSignal;
}

/**
 * Scheduled digests as a Feature: YAML ones and channel subscriptions, each run on its schedule
 * (digest-scheduler.ts); on start, the run missed while the bot was down (if still in its period)
 * is posted late, and runs waiting for their retry are re-armed. stop() stops the tasks and
 * timers, then waits (bounded) for runs under way. Every `orphanSweepMs`, what other replicas
 * changed or left unfinished is caught up with (replica-sweep.ts). Also `/exec-stats subscribe |
 * unsubscribe | digests` and the digest modal.
 */
export function createDigestsFeature(options: DigestsFeatureOptions): FeatureFactory {
  return (context): Feature => {
    const { clock } = context;
    const { store } = options;
    const logger = context.logger.child({ component: 'digests' });
    const owner = options.owner ?? randomUUID();

    const scheduler = createDigestScheduler({
      run: {
        store,
        ledger: options.ledger,
        // Posts in the digests lane: paced, behind alerts, retried here after an unclear answer.
        client: context.delivery.client('digests'),
        retry: { stopped: context.delivery.stopped },
        owner,
        clock,
        logger,
        fetchStats: digestFetch(context.stats),
        executionUrlTemplate: context.executionUrlTemplate,
        ...(context.charts === undefined ? {} : { charts: context.charts }),
      },
      retryClient: () => context.delivery.client('digests'),
      countRun: (outcome) => context.metrics.digestRuns.inc({ outcome }),
      catchUpRetryMs: options.catchUpRetryMs ?? 30_000,
    });
    const sweep = createReplicaSweep({ store, scheduler, clock, logger });

    const subscriptionDeps: SubscriptionDeps = {
      store,
      clock,
      logger,
      userTimeZones: context.userTimeZones,
      permissions: context.permissions,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      digests: () => scheduler.all(),
      schedule: (digest) => {
        const added = scheduler.schedule(digest);
        if (added)
          scheduler.track(
            store.firstSeen(digest.id, digest.schedule, digest.timezone, clock.now()),
          );
        return added;
      },
      unschedule: (id) => scheduler.unschedule(id),
      changed: (userId) => options.changes?.notify(userId),
    };
    const modalDeps: DigestModalDeps = {
      client: context.client,
      store,
      subscriptions: digestSubscriptions(subscriptionDeps),
      permissions: context.permissions,
      userTimeZones: context.userTimeZones,
      inFlight: context.inFlight,
      logger,
      now: () => clock.now(),
    };

    return {
      name: 'digests',
      subcommands: digestSubcommands({
        ...subscriptionDeps,
        openModal: (triggerId, userId, channelId) =>
          openNewDigestModal(modalDeps, triggerId, userId, channelId),
      }),
      register(app) {
        registerDigestModal(app, modalDeps);
      },
      async start() {
        const subscriptions = await store.listSubscriptions();
        const all = [...options.digests.map(fromConfig), ...subscriptions.map(fromSubscription)];
        for (const digest of all) scheduler.schedule(digest);
        for (const held of scheduler.all()) scheduler.track(scheduler.catchUp(held));
        for (const pending of await store.pendingRetries()) scheduler.armRetry(pending);
        sweep.start(options.orphanSweepMs ?? 15_000);
        logger.info('digests scheduled', { count: scheduler.size, owner });
      },
      async stop() {
        sweep.stop();
        await scheduler.stop(options.stopTimeoutMs ?? 10_000);
      },
    };
  };
}
