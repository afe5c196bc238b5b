import { runAlertCycle } from '../alerts/cycle.js';
import { EXAMPLE_RULE } from '../alerts/default-rules.js';
import { createSerial } from '../alerts/serial.js';
import { createWindowFetcher } from '../alerts/window-fetcher.js';
import { fixedClock, systemClock } from '../clock.js';
import { unavailableSubcommandReply } from '../commands/immediate-reply.js';
import { buildStatsReply } from '../commands/stats-reply.js';
import { createMemoryAlertStore } from '../dev/alerts/memory-store.js';
import { createRecordingSlack, type RecordedCall } from '../dev/alerts/recording-slack.js';
import { partOf } from '../dev/alerts/replay-summary.js';
import { simulateAlerts } from '../dev/alerts/simulate.js';
import { WEEKDAY_BUSY_HOUR } from '../dev/simulator/scenarios.js';
import { createSimulatedStatsSource } from '../dev/simulator/simulated-source.js';
import { renderForTerminal } from '../dev/terminal.js';
import { latestOccurrence, parseCronSchedule } from '../digests/cron.js';
import { fromConfig } from '../digests/digest.js';
import { composeDigest, digestWindow } from '../digests/run-digest.js';
import type { DigestSubscription } from '../digests/store.js';
import { loadHomeData } from '../home/home-data.js';
import { silentLogger } from '../logging/logger.js';
import { formatDuration } from '../messages/format-time.js';
import { buildHomeView, type HomeView } from '../messages/home-view.js';
import type { SlackMessage } from '../messages/message.js';
import { immediateReply, parseCommand } from '../runtime/exec-stats-command.js';
import { createCachedSource } from '../stats/cached-source.js';
import type { StatsSource } from '../stats/types.js';
import { readerZone } from '../time/env-zone.js';
import {
  type DemoCharts,
  defaultDemoChartsDir,
  demoCharts,
  writeDemoCharts,
} from './demo-charts.js';
import type { CliIo } from './io.js';

/** What the demo types, in order: the everyday queries, a narrowed one, and a mistake. */
const DEMO_COMMANDS = ['24h', '7d', '6h source:billing', 'banana'] as const;

/**
 * `npm run demo`: the bot's replies to a few `/exec-stats` commands, a digest and an alert with
 * its recovery, computed by the real code against the built-in simulator (playing a failure spike
 * in `billing` that began 75 minutes ago) and rendered for the terminal. No credentials, no
 * network. `now` is the only input that varies, and the story holds at any hour and weekday.
 * The charts Slack would show with the reply, the digest and the alert are written as PNGs into
 * `chartsDir` (default: exec-stats-demo-charts in the OS temp dir; null: none).
 */
export async function runDemo(
  io: CliIo,
  options: { now?: number; chartsDir?: string | null } = {},
): Promise<number> {
  const now = options.now ?? systemClock.now();
  const chartsDir = options.chartsDir === undefined ? defaultDemoChartsDir() : options.chartsDir;
  const charts = chartsDir === null ? null : demoCharts();
  const timeZone = demoTimeZone(io);
  const world = demoWorld(now);
  const deps = {
    stats: world.stats,
    clock: fixedClock(now),
    logger: silentLogger,
    executionUrlTemplate: DEMO_EXECUTION_URL,
  };

  io.out(
    `exec-stats demo: the built-in simulator, a 30-minute failure spike in billing that began ${DEMO_SPIKE_LEAD_MS / 60_000} min ago, zone ${timeZone}\n`,
  );
  for (const text of DEMO_COMMANDS) {
    const parsed = parseCommand(text);
    let message: SlackMessage;
    // The first query's chart (24h) is the one the demo writes.
    const replyCharts =
      text === DEMO_COMMANDS[0] && charts !== null ? { charts: charts.reply.images } : {};
    if (parsed.kind === 'stats') {
      message = (await buildStatsReply(parsed, timeZone, { ...deps, ...replyCharts })).message;
    } else if (parsed.kind === 'subcommand') message = unavailableSubcommandReply(parsed.name);
    else message = immediateReply(parsed);
    io.out(`\n$ /exec-stats ${text}\n\n${renderForTerminal(message, { color: io.color })}\n`);
  }
  await runDigestDemo(io, world, timeZone, charts);
  const code = await runAlertDemo(io, world, timeZone);
  await runHomeDemo(io, world, timeZone, charts);
  if (charts !== null && chartsDir !== null) await writeDemoCharts(io, charts, chartsDir);
  return code;
}

/** The seed every part of the demo uses, so the reply, the digest and the alert tell one story. */
const DEMO_SEED = 42;

const DEMO_EXECUTION_URL = 'https://app.example.com/executions/{executionId}';

const MINUTE = 60_000;

/**
 * How long before "now" the demo's spike in billing began. The spike lasts 30 minutes and the
 * example rule sees its recovery about 10–20 minutes after it ends, so 75 minutes puts the whole
 * incident (fire, updates, recovery) before "now": the demo never prints a time from the future.
 */
export const DEMO_SPIKE_LEAD_MS = 75 * MINUTE;

/**
 * The demo's one story, all placed relative to `now` (whole minutes, as the alert cycle runs):
 * a failure spike in billing that began DEMO_SPIKE_LEAD_MS ago, played with a weekday's busy
 * traffic whatever the hour and weekday the demo runs at, so the alert fires and recovers at
 * every start (a test runs it at every hour of a week).
 */
export interface DemoWorld {
  readonly now: number;
  /** When the spike began. */
  readonly anchor: number;
  readonly trafficAt: number;
  readonly stats: StatsSource;
}

export function demoWorld(now: number): DemoWorld {
  const anchor = Math.floor(now / MINUTE) * MINUTE - DEMO_SPIKE_LEAD_MS;
  const trafficAt = WEEKDAY_BUSY_HOUR;
  const stats = createSimulatedStatsSource({
    seed: DEMO_SEED,
    scenario: 'spike',
    anchor,
    trafficAt,
    clock: fixedClock(now),
  });
  return { now, anchor, trafficAt, stats };
}

/**
 * The reader's zone (TZ, else the machine's), so the demo's times read as local ones. An unusable
 * TZ is not fatal: UTC, and a warning on stderr. Called once per demo, so the warning is said once.
 */
function demoTimeZone(io: CliIo): string {
  const { zone, warning } = readerZone(io.env);
  if (warning !== null) io.err(`exec-stats: ${warning}\n`);
  return zone;
}

/** The demo's digest from the config file. */
function demoDigest(timeZone: string) {
  return {
    name: 'ops-daily',
    channel: 'C0123456789',
    schedule: '0 9 * * *',
    timezone: timeZone,
    window: 'yesterday',
  };
}

/**
 * The demo's scheduled digest: a daily 09:00 digest of "yesterday" compared with the day before,
 * computed by the real digest code against the demo's simulator at its latest scheduled time
 * (at or before now), and rendered for the terminal.
 */
export async function runDigestDemo(
  io: CliIo,
  world: DemoWorld,
  timeZone: string,
  charts: DemoCharts | null = null,
): Promise<void> {
  const digest = fromConfig(demoDigest(timeZone));
  const parsed = parseCronSchedule(digest.schedule, digest.timezone);
  const scheduledAt = parsed.ok
    ? (latestOccurrence(parsed.schedule, world.now) ?? world.now)
    : world.now;
  const message = await composeDigest(
    digest,
    digestWindow(digest, scheduledAt),
    scheduledAt,
    false,
    {
      fetchStats: (query) => world.stats.getStats(query),
      clock: fixedClock(scheduledAt),
      executionUrlTemplate: DEMO_EXECUTION_URL,
      ...(charts === null ? {} : { charts: charts.digest.images }),
    },
  );
  io.out(
    `\n# digest "${digest.name}" (${digest.schedule}, ${timeZone}), posted to its channel\n\n${renderForTerminal(message, { color: io.color })}\n`,
  );
}

/** Calm evaluations before the spike, so the first ones see steady traffic. */
const CALM_LEAD_MS = 20 * MINUTE;

/** The alert story of the demo: what was posted, and when, relative to the spike. */
export interface AlertStory {
  readonly root: RecordedCall | undefined;
  readonly resolved: RecordedCall | undefined;
  /** The root's last edit (marked resolved once it has recovered). */
  readonly lastEdit: RecordedCall | undefined;
}

/**
 * The example rule against the demo's spike in billing, evaluated every minute by the real cycle
 * from before the spike up to `now` and never past it, so every time the demo prints has happened.
 */
export async function playAlertStory(world: DemoWorld, timezone: string): Promise<AlertStory> {
  const start = world.anchor - CALM_LEAD_MS;
  const result = await simulateAlerts({
    rules: [EXAMPLE_RULE],
    scenario: 'spike',
    intervalMs: MINUTE,
    start,
    leadMs: CALM_LEAD_MS,
    // Cycles run at start, start + 1 min, … up to and including the last whole minute <= now.
    durationMs: Math.floor((world.now - start) / MINUTE) * MINUTE + 1,
    seed: DEMO_SEED,
    trafficAt: world.trafficAt,
    timezone,
    until: (calls) => calls.some((c) => c.kind === 'update' && c.message.text.startsWith('✅')),
  });
  const posts = result.calls.filter((c) => c.kind === 'post');
  return {
    root: posts.find((c) => partOf(c.key) === 'root'),
    resolved: posts.find((c) => partOf(c.key) === 'resolved'),
    lastEdit: result.calls.findLast((c) => c.kind === 'update'),
  };
}

/**
 * The alerts part of `npm run demo`: prints the alert as it was first posted, its recovery (the
 * thread reply) and the root as last edited (marked resolved). No network, no Slack.
 */
export async function runAlertDemo(io: CliIo, world: DemoWorld, timezone: string): Promise<number> {
  const story = await playAlertStory(world, timezone);
  const show = (title: string, call: RecordedCall | undefined) => {
    if (call === undefined) return;
    const ago = formatDuration(world.now - call.at);
    io.out(
      `\n— ${title} ${ago} ago —\n\n${renderForTerminal(call.message, { color: io.color })}\n`,
    );
  };
  io.out(
    `\nAlerts: rule "${EXAMPLE_RULE.name}" (billing at least 20% failed, at least 5 failures in 15 min, at least 3× its 24 h baseline, 2 checks in a row), checked every minute\n`,
  );
  if (story.root === undefined) {
    // The timeline is chosen so this does not happen (a test plays every hour of a week); if it
    // ever does, say so rather than end the demo without the alert it promised.
    io.out('\nThe rule did not fire on this run of the simulator.\n');
    return 0;
  }
  show('the alert, as posted', story.root);
  if (story.resolved === undefined) io.out('\nThe spike has not recovered yet.\n');
  show('in its thread, when it recovered', story.resolved);
  show('the alert, as last edited', story.lastEdit);
  return 0;
}

/** A subscription someone made in Slack, beside the YAML digest, for the demo's Home tab. */
function demoSubscription(timeZone: string, at: number): DigestSubscription {
  return {
    name: 'billing weekly',
    channel: 'C0BILLING1',
    schedule: '0 9 * * 1',
    timezone: timeZone,
    window: '7d',
    description: 'weekly on Monday at 09:00, window 7d',
    createdBy: 'U0ALICE',
    createdAt: at,
  };
}

/**
 * The Home tab as it looked while the demo's alert was firing: the real alert cycle (example rule,
 * every minute, an in-memory store, a recording Slack) played from before the spike to the first
 * minute the alert was posted, then the Home tab's own data loading and view over that store, the
 * demo's YAML digest and one subscription, and the simulator's last 24 hours. Null when the rule
 * did not fire before now.
 */
export async function homeWhileFiring(
  world: DemoWorld,
  timeZone: string,
  charts: DemoCharts | null = null,
): Promise<{ readonly at: number; readonly view: HomeView } | null> {
  const start = world.anchor - CALM_LEAD_MS;
  const clock = fixedClock(start);
  const simulated = createSimulatedStatsSource({
    seed: DEMO_SEED,
    scenario: 'spike',
    anchor: world.anchor,
    trafficAt: world.trafficAt,
    clock,
  });
  // As simulate.ts plays the story: no TTL for plain calls, baselines kept as the fetcher asks.
  const stats = createCachedSource(simulated, { clock, ttlMs: 0 });
  const store = createMemoryAlertStore();
  const deps = {
    rules: [EXAMPLE_RULE],
    fetcher: createWindowFetcher(stats, MINUTE),
    store,
    slack: createRecordingSlack(clock.now),
    serial: createSerial(),
    clock,
    logger: silentLogger,
    executionUrlTemplate: DEMO_EXECUTION_URL,
    timezone: timeZone,
    // The root's chart as first posted: the alert during the spike.
    ...(charts === null
      ? {}
      : { alertCharts: { images: charts.alert.images, intervalMs: MINUTE } }),
  };
  for (let t = start; t <= world.now; t += MINUTE) {
    clock.set(t);
    await runAlertCycle(deps);
    const incident = (await store.loadRuleState(EXAMPLE_RULE.name))?.incident;
    if (incident === null || incident === undefined) continue;
    if ((await store.loadIncidentMessage(EXAMPLE_RULE.name, incident.id)) === null) continue;
    const data = await loadHomeData(
      {
        rules: [EXAMPLE_RULE],
        digests: [demoDigest(timeZone)],
        alertStore: store,
        digestStore: { listSubscriptions: async () => [demoSubscription(timeZone, start)] },
        stats,
      },
      t,
    );
    return { at: t, view: buildHomeView(data, { now: t, timeZone }) };
  }
  return null;
}

/** The Home tab part of `npm run demo`: the tab while the alert fired, rendered for the terminal. */
export async function runHomeDemo(
  io: CliIo,
  world: DemoWorld,
  timeZone: string,
  charts: DemoCharts | null = null,
): Promise<void> {
  const home = await homeWhileFiring(world, timeZone, charts);
  if (home === null) return;
  const ago = formatDuration(world.now - home.at);
  const message: SlackMessage = { text: 'exec-stats Home tab', blocks: home.view.blocks };
  io.out(
    `\n# the bot's Home tab in Slack, as it looked while the alert fired ${ago} ago (one digest from the config file, one subscribed in Slack)\n\n${renderForTerminal(message, { color: io.color })}\n`,
  );
}
