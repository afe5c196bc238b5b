import { describe, expect, it } from 'vitest';
import type { QueryHandler } from '../../../src/features/feature.js';
import { createInFlightWork } from '../../../src/lifecycle/in-flight.js';
import { makeExecStatsCommand } from '../../../src/listeners/commands/exec-stats.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { EXEC_STATS_COMMAND } from '../../../src/runtime/exec-stats-command.js';

/** `/exec-stats` routed by the grammar to the feature that answers the words, or refused in the ack. */
async function send(text: string, query: QueryHandler | null) {
  const acks: unknown[] = [];
  const inFlight = createInFlightWork();
  const handler = makeExecStatsCommand({
    logger: silentLogger,
    inFlight,
    grammar: EXEC_STATS_COMMAND,
    query,
    subcommands: {},
    workspace: () => 'T0001',
  });
  await handler({
    command: { text, user_id: 'U0ALICE', channel_id: 'C0123456789' } as never,
    ack: (async (body?: unknown) => {
      acks.push(body);
    }) as never,
    respond: (async () => {}) as never,
  });
  await inFlight.drain(1_000);
  return acks;
}

describe('/exec-stats routing', () => {
  it('hands a query to the feature that answers queries, with the whole text, after an empty ack', async () => {
    const seen: string[] = [];
    const acks = await send('7d source:billing', async (ctx) => {
      seen.push(`${ctx.text} by ${ctx.userId} in ${ctx.channelId}`);
    });
    expect(acks).toEqual([undefined]);
    expect(seen).toEqual(['7d source:billing by U0ALICE in C0123456789']);
  });

  it('says in the ack when no feature answers queries (a bot built without the stats feature)', async () => {
    const acks = await send('24h', null);
    expect(JSON.stringify(acks)).toContain('`stats` is not enabled');
  });

  it('answers bad input in the ack and never reaches the feature', async () => {
    let called = false;
    const acks = await send('banana', async () => {
      called = true;
    });
    expect(called).toBe(false);
    expect(JSON.stringify(acks)).toContain('banana');
  });
});
