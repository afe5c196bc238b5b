import type { RuleSet } from '../alerts/rules/rule-set.js';
import type { AlertRuleConfig, DigestConfig } from '../config/config.js';
import type { ChangeSignal } from '../features/change-signal.js';
import type { Feature, FeatureContext, FeatureFactory } from '../features/feature.js';
import type { HomeView } from '../messages/home-view.js';
import { withSummaryCharts } from './home-chart.js';
import { type HomeAlertStore, type HomeDigestStore, loadHomeData } from './home-data.js';
import { createHomeRefresher } from './home-refresher.js';
import { createPacer } from './pacer.js';

export interface HomeFeatureOptions {
  /** The configured alert rules (none: the tab says so). */
  readonly rules: readonly AlertRuleConfig[];
  /** YAML and Slack-made rules, with where they come from; replaces `rules` when given. */
  readonly ruleSet?: RuleSet;
  /** The digests of the config file. */
  readonly digests: readonly DigestConfig[];
  readonly alertStore: HomeAlertStore;
  readonly digestStore: HomeDigestStore;
  /** How often open tabs are recomputed; default a minute. */
  readonly refreshMs?: number;
  /** How long after opening it a user's tab is kept current; default an hour. */
  readonly rememberMs?: number;
  /** Most users whose tab is kept current; default 1,000. */
  readonly maxUsers?: number;
  /** Most `views.publish` calls a second; default 3. */
  readonly publishesPerSecond?: number;
  /** Someone changed what the tab shows (a digest): their tab is published at once. */
  readonly changes?: ChangeSignal;
}

/**
 * The App Home tab as a Feature: Slack's `app_home_opened` (Home tab) publishes the user's view
 * at once, and every `refreshMs` the views of users who opened it in the last hour are recomputed
 * and published again when they changed, paced.
 */
export function createHomeFeature(options: HomeFeatureOptions): FeatureFactory {
  return (context: FeatureContext): Feature => {
    const logger = context.logger.child({ feature: 'home' });
    const sources = {
      rules: options.rules,
      digests: options.digests,
      alertStore: options.alertStore,
      digestStore: options.digestStore,
      stats: context.stats,
      ...(options.ruleSet === undefined ? {} : { ruleEntries: options.ruleSet.entries }),
    };
    const refresher = createHomeRefresher({
      // The last 24 hours drawn in each reader's zone, when charts are on.
      ...withSummaryCharts(
        context.charts,
        {
          load: (now) => loadHomeData(sources, now),
          zoneOf: (userId) => context.userTimeZones.get(userId),
          publish: async (userId: string, view: HomeView) => {
            await context.client.views.publish({ user_id: userId, view });
          },
        },
        logger,
      ),
      // Admins see "New rule" and each Slack-made rule's Edit / Delete (asked of Slack, cached a minute).
      canChangeRules: (userId) => context.permissions.isAdmin(userId),
      pacer: createPacer({ perSecond: options.publishesPerSecond ?? 3 }),
      clock: context.clock,
      logger,
      ...(options.rememberMs === undefined ? {} : { rememberMs: options.rememberMs }),
      ...(options.maxUsers === undefined ? {} : { maxUsers: options.maxUsers }),
    });
    const refreshMs = options.refreshMs ?? 60_000;
    let timer: NodeJS.Timeout | null = null;
    let running: Promise<void> | null = null;

    const tick = () => {
      if (running !== null) return; // the previous refresh is still publishing
      running = refresher
        .refresh()
        .then((report) => {
          if (report.published + report.failed > 0)
            logger.debug('Home tabs refreshed', { ...report });
        })
        .catch((error: unknown) => logger.warn('could not refresh the Home tabs', { error }))
        .finally(() => {
          running = null;
        });
    };

    // A rule made, changed or deleted here: whoever did it sees it at once, the others at the
    // next refresh.
    options.ruleSet?.onChange((userId) => {
      context.inFlight.run(
        () => refresher.opened(userId),
        (error) => logger.warn('could not redraw the Home tab', { userId, error }),
      );
    });

    // A digest changed by someone (subscribed, edited, deleted): they see it at once (the tab they
    // pressed on), the others at the next refresh.
    options.changes?.subscribe((userId) => {
      context.inFlight.run(
        () => refresher.opened(userId),
        (error) => logger.warn('could not redraw the Home tab', { userId, error }),
      );
    });

    return {
      name: 'home',
      register(app) {
        app.event('app_home_opened', async ({ event }) => {
          if (event.tab !== 'home') return;
          context.inFlight.run(
            () => refresher.opened(event.user),
            (error) => logger.warn('could not show the Home tab', { userId: event.user, error }),
          );
        });
      },
      async start() {
        timer = setInterval(tick, refreshMs);
        timer.unref();
      },
      async stop() {
        if (timer !== null) clearInterval(timer);
        timer = null;
        await running;
      },
    };
  };
}
