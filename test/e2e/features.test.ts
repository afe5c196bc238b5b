import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureFactory } from '../../src/features/feature.js';
import { type E2eWorld, messageText, startE2eWorld } from '../support/e2e-harness.js';

/** How a feature (digests, alerts) plugs in: its subcommands, its listeners, its start and stop. */
describe('features plugged into the app', () => {
  let world: E2eWorld;
  const events: string[] = [];
  const echo: FeatureFactory = (context): Feature => ({
    name: 'echo',
    subcommands: {
      subscriptions: async ({ args, channelId, userId, respond }) => {
        events.push(`subscriptions ${args.join(' ')} in ${channelId} by ${userId}`);
        await respond(
          { text: 'echo', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'echoed' } }] },
          { inChannel: true },
        );
      },
    },
    register(app) {
      app.action('echo_button', async ({ ack, action }) => {
        // Before the ack, so the press is recorded by the time the test sees the ack.
        events.push(`pressed ${'value' in action ? action.value : ''}`);
        await ack();
      });
    },
    start: async () => {
      events.push(`start with zone ${context.timezone}`);
    },
    stop: async () => {
      events.push('stop');
    },
  });
  beforeAll(async () => {
    world = await startE2eWorld({ features: [echo], timezone: 'Europe/Berlin' });
  });
  afterAll(async () => {
    await world.close();
  });

  it('starts with the app and gets its context', () => {
    expect(events).toContain('start with zone Europe/Berlin');
    // The stats query is a feature too: the test bot, like main.ts's, always has it first.
    expect(world.bot.app.features.map((f) => f.name)).toEqual(['stats', 'echo']);
  });

  it('answers its subcommand after an empty ack, through response_url', async () => {
    const { ack, reply } = await world.command('subscriptions all');
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    const { body } = await reply();
    expect(body.response_type).toBe('in_channel');
    expect(messageText(body)).toBe('echoed');
    expect(events).toContain('subscriptions all in C0123456789 by U0ALICE');
  });

  it('gets its button presses through the listener it registered', async () => {
    const { ack } = await world.press('echo_button', 'v1');
    expect(ack.status).toBe(200);
    expect(events).toContain('pressed v1');
  });

  it('stops before the app closes', async () => {
    await world.bot.stop();
    expect(events.at(-1)).toBe('stop');
  });
});
