import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/messages/message.js';
import { buttonValue, type E2eWorld, messageText, startE2eWorld } from '../support/e2e-harness.js';

describe('the Refresh button', () => {
  let world: E2eWorld;
  beforeAll(async () => {
    world = await startE2eWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('runs the same query again and replaces the message it sits on', async () => {
    const { reply } = await world.command('6h daily source:billing');
    const first = (await reply()).body;
    const value = buttonValue(first, ACTION_IDS.refresh);
    expect(value).toBe('6h daily source:billing');

    world.statsApi.calls.length = 0;
    const pressed = await world.press(ACTION_IDS.refresh, value ?? '');
    expect(pressed.ack.status).toBe(200);
    const refreshed = (await pressed.reply()).body;
    expect(refreshed.replace_original).toBe(true);
    expect(refreshed.response_type).toBe('ephemeral');
    expect(messageText(refreshed)).toContain('Executions · last 6 hours · billing');
    expect(world.statsApi.calls.length).toBeLessThanOrEqual(1);
    expect(world.statsApi.calls[0]?.query.granularity ?? 'daily').toBe('daily');
  });

  it('keeps a public message public', async () => {
    const pressed = await world.press(ACTION_IDS.refresh, '24h', { isEphemeral: false });
    const refreshed = (await pressed.reply()).body;
    expect(refreshed.replace_original).toBe(true);
    expect(refreshed.response_type).toBe('in_channel');
  });

  it('a tampered value gets the usage, not an error', async () => {
    const pressed = await world.press(ACTION_IDS.refresh, 'banana');
    const refreshed = (await pressed.reply()).body;
    expect(messageText(refreshed)).toContain('Usage:');
  });
});
