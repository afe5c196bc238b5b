import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import type { StatsCommand } from '../../../src/commands/grammar.js';
import { buildStatsReply } from '../../../src/commands/stats-reply.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import { parseCommand } from '../../../src/runtime/exec-stats-command.js';
import type { StatsQuery, StatsSource } from '../../../src/stats/types.js';
import { allTexts, NOW, stats, TEMPLATE } from '../messages/fixtures.js';

/** A stats source that records each query and answers with the fixture stats at its granularity. */
function recordingSource(): StatsSource & { readonly queries: StatsQuery[] } {
  const queries: StatsQuery[] = [];
  return {
    queries,
    getStats: async (query) => {
      queries.push(query);
      return stats({ granularity: query.granularity });
    },
  };
}

function request(text: string): StatsCommand {
  const parsed = parseCommand(text);
  if (parsed.kind !== 'stats') throw new Error(`not a stats query: ${text}`);
  return parsed;
}

async function reply(text: string) {
  const source = recordingSource();
  const result = await buildStatsReply(request(text), 'UTC', {
    stats: source,
    clock: fixedClock(NOW),
    logger: silentLogger,
    executionUrlTemplate: TEMPLATE,
  });
  return { ...result, queries: source.queries, text: allTexts(result.message).join('\n') };
}

describe('buildStatsReply and hourly on long windows', () => {
  it('asks the API for daily buckets when hourly is asked for 90 days, and says why', async () => {
    const { queries, text, outcome, message } = await reply('90d hourly');
    expect(outcome).toBe('ok');
    expect(queries).toEqual([{ from: NOW - 90 * 86_400_000, to: NOW, granularity: 'daily' }]);
    expect(text).toContain('· daily (hourly is available for windows up to 7 days)');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('keeps hourly for a week, with no note', async () => {
    const { queries, text } = await reply('7d hourly');
    expect(queries[0]?.granularity).toBe('hourly');
    expect(text).not.toContain('hourly is available');
  });

  it('uses the default for the window when none is given, with no note', async () => {
    const { queries, text } = await reply('90d');
    expect(queries[0]?.granularity).toBe('daily');
    expect(text).not.toContain('hourly is available');
  });

  it('answers a window that cannot be resolved in two short lines, calling no API', async () => {
    const { queries, outcome, message } = await reply('2099-01-01..2099-01-02');
    expect(outcome).toBe('invalid');
    expect(queries).toEqual([]);
    const [section] = message.blocks;
    expect(message.blocks).toHaveLength(1);
    const shown = section?.type === 'section' ? (section.text?.text ?? '') : '';
    expect(shown).toMatch(/^:warning: `2099-01-01\.\.2099-01-02` starts in the future/);
    expect(shown.split('\n')).toEqual([
      expect.stringContaining('starts in the future'),
      'See `/exec-stats help` for everything it understands.',
    ]);
  });
});
