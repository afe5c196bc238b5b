import { EXAMPLE_RULE } from '../alerts/default-rules.js';
import type { RecordedCall } from '../alerts/recording-slack.js';
import { partOf } from '../alerts/replay-summary.js';
import { simulateAlerts } from '../alerts/simulate.js';
import { renderForTerminal } from '../messages/terminal.js';
import { DEMO_SEED, demoTimeZone } from './demo-world.js';
import type { CliIo } from './io.js';

/**
 * The alerts part of `npm run demo`: product.md's example rule against the simulator's spike in
 * billing, evaluated every minute by the real cycle; prints the alert as it was first posted, and
 * its recovery (the thread reply and the root marked resolved). No network, no Slack.
 */
export async function runAlertDemo(io: CliIo, now: number): Promise<number> {
  const minute = 60_000;
  // The spike starts 40 minutes before `now`'s minute; an hour of steady traffic precedes it.
  const start = Math.floor(now / minute) * minute - 100 * minute;
  const timezone = demoTimeZone(io);
  const result = await simulateAlerts({
    rules: [EXAMPLE_RULE],
    scenario: 'spike',
    intervalMs: minute,
    start,
    leadMs: 60 * minute,
    durationMs: 3 * 60 * minute,
    seed: DEMO_SEED,
    timezone,
    until: (calls) => calls.some((c) => c.kind === 'update' && c.message.text.startsWith('✅')),
  });
  const show = (title: string, call: RecordedCall | undefined) => {
    if (call === undefined) return;
    io.out(`\n${title}\n\n${renderForTerminal(call.message, { color: io.color })}\n`);
  };
  const posts = result.calls.filter((c) => c.kind === 'post');
  io.out(
    `\nAlerts: rule "${EXAMPLE_RULE.name}" (billing ≥ 20% failed, ≥ 5 failures in 15 min, ≥ 3× its 24 h baseline, 2 checks in a row), checked every minute\n`,
  );
  show(
    '— the alert, as posted —',
    posts.find((c) => partOf(c.key) === 'root'),
  );
  show(
    '— in its thread, when it recovers —',
    posts.find((c) => partOf(c.key) === 'resolved'),
  );
  show(
    '— the alert, edited —',
    result.calls.findLast((c) => c.kind === 'update'),
  );
  return 0;
}
