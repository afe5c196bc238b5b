import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/messages/message.js';
import { type E2eWorld, startE2eWorld } from '../support/e2e-harness.js';

/** Log lines the bot wrote at `level`, parsed. */
function linesAt(world: E2eWorld, level: string): Array<Record<string, unknown>> {
  return world.bot.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.level === level);
}

describe('a button no listener answers', { timeout: 60_000 }, () => {
  let world: E2eWorld;
  beforeAll(async () => {
    world = await startE2eWorld();
  }, 60_000);
  afterAll(async () => {
    await world.close();
  });

  it('is acked with a 200 (not Bolt’s 404 after 3 s), logged at debug, never at error', async () => {
    const before = world.bot.logLines.length;
    const pressed = await world.press('exec_stats_renamed_long_ago', 'anything');
    expect(pressed.ack.status).toBe(200);
    const logged = world.bot.logLines
      .slice(before)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      logged.some((e) => e.level === 'debug' && String(e.msg).includes('unknown action')),
    ).toBe(true);
    expect(logged.filter((e) => e.level === 'error' || e.level === 'warn')).toEqual([]);
    expect(world.slack.responses).toEqual([]);
  });

  it('stays silent for a real button: Refresh is acked once, with no double-ack error', async () => {
    const pressed = await world.press(ACTION_IDS.refresh, '24h');
    expect(pressed.ack.status).toBe(200);
    expect((await pressed.reply()).body.replace_original).toBe(true);
    expect(linesAt(world, 'error')).toEqual([]);
    expect(
      linesAt(world, 'debug').filter((e) => String(e.msg).includes('unknown action')),
    ).toHaveLength(1);
  });
});
