import type { RuleEntry } from '../alerts/rules/rule-set.js';
import type { AlertStore } from '../alerts/store.js';
import type { AlertRuleConfig, DigestConfig } from '../config/config.js';
import { nextOccurrence, parseCronSchedule } from '../digests/cron.js';
import type { DigestStore } from '../digests/store.js';
import type { HeldNotice } from '../messages/alert-status.js';
import type { HomeDigest } from '../messages/home-digests.js';
import type { IncidentThread } from '../messages/home-incidents.js';
import type { RuleOrigin } from '../messages/home-rules.js';
import type { HomeSummary } from '../messages/home-summary.js';
import type { HomeViewData } from '../messages/home-view.js';
import type { StatsSource } from '../stats/types.js';

/**
 * What the Home tab shows, read from where the features keep it: the alert store (each rule's
 * state, the root message of each open incident, held notifications), the digest store (channel
 * subscriptions), the config (YAML rules and digests) and the stats API (the last 24 hours).
 */

/** The parts of the alert store the Home tab reads. */
export type HomeAlertStore = Pick<
  AlertStore,
  'loadAllRuleStates' | 'loadIncidentMessage' | 'pendingNotifications'
>;

/** The part of the digest store the Home tab reads. */
export type HomeDigestStore = Pick<DigestStore, 'listSubscriptions'>;

export interface HomeSources {
  readonly rules: readonly AlertRuleConfig[];
  /**
   * The rules in force with where they come from (YAML, or made in Slack and by whom); when
   * given, they replace `rules`.
   */
  readonly ruleEntries?: () => Promise<readonly RuleEntry[]>;
  /** The digests of the config file. */
  readonly digests: readonly DigestConfig[];
  readonly alertStore: HomeAlertStore;
  readonly digestStore: HomeDigestStore;
  readonly stats: StatsSource;
}

const MINUTE = 60_000;
export const SUMMARY_WINDOW_MS = 24 * 60 * MINUTE;
/** How old a cached 24-hour answer the tab accepts: everyone refreshed in a minute shares one call. */
export const SUMMARY_MAX_AGE_MS = MINUTE;

export async function loadHomeData(sources: HomeSources, now: number): Promise<HomeViewData> {
  const entries = await sources.ruleEntries?.();
  const rules = entries?.map((e) => e.rule) ?? sources.rules;
  const [states, subscriptions, pending, summary] = await Promise.all([
    sources.alertStore.loadAllRuleStates(),
    sources.digestStore.listSubscriptions(),
    sources.alertStore.pendingNotifications(),
    loadSummary(sources.stats, now),
  ]);
  const threads = new Map<string, IncidentThread>();
  await Promise.all(
    rules.map(async (rule) => {
      const incident = states.get(rule.name)?.incident;
      if (incident === null || incident === undefined) return;
      const message = await sources.alertStore.loadIncidentMessage(rule.name, incident.id);
      if (message !== null) threads.set(rule.name, { channel: message.channel, ts: message.ts });
    }),
  );
  const held: HeldNotice[] = pending.flatMap((p) =>
    p.held === null || p.rule === null
      ? []
      : [{ rule: p.rule, channel: p.notification.channel, ...p.held }],
  );
  const fromConfig = sources.digests.map((d) =>
    homeDigest(d, 'config', `window ${d.window}`, d.schedule, now),
  );
  const fromSlack = subscriptions.map((s) => ({
    ...homeDigest(s, 'slack', s.description, null, now),
    changedBy: s.changedBy ?? s.createdBy,
    changedAt: s.changedAt ?? s.createdAt,
  }));
  return {
    rules,
    ...(entries === undefined ? {} : { ruleOrigins: ruleOriginsOf(entries) }),
    states,
    held,
    threads,
    digests: byChannel([...fromConfig, ...fromSlack]),
    summary,
  };
}

function homeDigest(
  digest: Pick<DigestConfig, 'name' | 'channel' | 'schedule' | 'timezone'>,
  origin: 'config' | 'slack',
  description: string,
  shownSchedule: string | null,
  now: number,
): HomeDigest {
  const parsed = parseCronSchedule(digest.schedule, digest.timezone);
  return {
    name: digest.name,
    channel: digest.channel,
    origin,
    description,
    schedule: shownSchedule,
    timeZone: parsed.ok ? parsed.schedule.timeZone : digest.timezone,
    nextRun: parsed.ok ? nextOccurrence(parsed.schedule, now) : null,
  };
}

/** Grouped by channel, channels in the order first seen; config-file digests first in each. */
function byChannel(digests: readonly HomeDigest[]): HomeDigest[] {
  const channels = new Map<string, HomeDigest[]>();
  for (const d of digests) {
    const list = channels.get(d.channel);
    if (list === undefined) channels.set(d.channel, [d]);
    else list.push(d);
  }
  return [...channels.values()].flat();
}

/** The last 24 hours to the minute (hourly buckets), or why it could not be read. */
async function loadSummary(stats: StatsSource, now: number): Promise<HomeSummary> {
  const to = Math.floor(now / MINUTE) * MINUTE;
  try {
    const answer = await stats.getStats(
      { from: to - SUMMARY_WINDOW_MS, to, granularity: 'hourly' },
      { maxAgeMs: SUMMARY_MAX_AGE_MS },
    );
    return { ok: true, stats: answer };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Where each rule comes from, for the tab's "from exec-stats.yml" / "changed by" lines. */
function ruleOriginsOf(entries: readonly RuleEntry[]): Map<string, RuleOrigin> {
  return new Map(
    entries.map((e): [string, RuleOrigin] => [
      e.rule.name,
      e.stored === null
        ? { origin: 'config' }
        : { origin: 'slack', changedBy: e.stored.changedBy, changedAt: e.stored.changedAt },
    ]),
  );
}
