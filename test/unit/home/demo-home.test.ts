import { describe, expect, it } from 'vitest';
import { demoWorld, homeWhileFiring, runDemo, runHomeDemo } from '../../../src/cli/demo.js';
import { MAX_VIEW_BLOCKS } from '../../../src/messages/home-view.js';
import { fakeIo } from '../cli/fake-io.js';

const HOUR = 3_600_000;
const SUNDAY_EVENING = Date.parse('2026-11-29T20:25:00Z');

describe("the demo's Home tab", () => {
  it('prints the tab while the alert fired: the incident linked to its thread, the rule, both digests, the last 24 hours', async () => {
    const { io, out } = fakeIo({ TZ: 'Europe/Berlin' });
    await runHomeDemo(io, demoWorld(SUNDAY_EVENING), 'Europe/Berlin');
    const text = out();
    expect(text).toMatch(
      /# the bot's Home tab in Slack, as it looked while the alert fired 1h \d+m ago/,
    );
    expect(text).toContain('Firing now (1)');
    expect(text).toMatch(/🚨 failure-spike \(https:\/\/slack\.com\/archives\/C0123456789\/p\d+\)/);
    expect(text).toContain('failure-spike · 🚨 firing');
    expect(text).toContain('• ops-daily: 0 9 * * *, window yesterday · next');
    expect(text).toContain('from exec-stats.yml');
    expect(text).toContain('• billing weekly: weekly on Monday at 09:00, window 7d');
    expect(text).toContain('Last 24 hours');
    expect(text).toContain('Top failing source systems');
  });

  it('has the alert firing in it at every one of the 168 hours of a week, before now, within the limits', async () => {
    const problems: string[] = [];
    for (let h = 0; h < 168; h += 1) {
      const now = Date.parse('2026-11-22T00:25:00Z') + h * HOUR;
      const world = demoWorld(now);
      const home = await homeWhileFiring(world, 'UTC');
      const at = new Date(now).toISOString();
      if (home === null) problems.push(`${at}: not firing`);
      else {
        if (home.at > now || home.at <= world.anchor) problems.push(`${at}: shown at ${home.at}`);
        if (home.view.blocks.length > MAX_VIEW_BLOCKS) problems.push(`${at}: too many blocks`);
        if (!JSON.stringify(home.view.blocks).includes('Firing now* (1)'))
          problems.push(`${at}: no incident`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('comes last in npm run demo, after the alert story', async () => {
    const { io, out, err } = fakeIo({ TZ: 'UTC' });
    expect(await runDemo(io, { now: SUNDAY_EVENING })).toBe(0);
    expect(err()).toBe('');
    const text = out();
    expect(text.indexOf("# the bot's Home tab")).toBeGreaterThan(
      text.indexOf('✅ Resolved: failure-spike · billing'),
    );
  });
});
