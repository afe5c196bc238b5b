import { EXAMPLE_RULE } from '../alerts/default-rules.js';
import type { RecordedCall } from '../dev/alerts/recording-slack.js';
import { partOf } from '../dev/alerts/replay-summary.js';
import { simulateAlerts } from '../dev/alerts/simulate.js';
import { renderForTerminal } from '../dev/terminal.js';
import { formatDuration } from '../messages/format-time.js';
import { DEMO_SEED, type DemoWorld } from './demo-world.js';
import type { CliIo } from './io.js';

const MINUTE = 60_000;
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
