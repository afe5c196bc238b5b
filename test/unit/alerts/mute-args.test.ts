import { describe, expect, it } from 'vitest';
import { parseMuteArgs } from '../../../src/alerts/mute-args.js';
import { OVERALL } from '../../../src/alerts/types.js';
import { rule } from './fixtures.js';

const rules = [rule({ name: 'failure-spike' }), rule({ name: 'per source', scope: 'per-source' })];

describe('parseMuteArgs', () => {
  it.each([
    { args: ['failure-spike', '4h'], rule: 'failure-spike', subject: OVERALL, ms: 4 * 3_600_000 },
    { args: ['FAILURE-SPIKE', '30m'], rule: 'failure-spike', subject: OVERALL, ms: 30 * 60_000 },
    {
      args: ['per', 'source', 'billing', '1d'],
      rule: 'per source',
      subject: 'billing',
      ms: 86_400_000,
    },
    {
      args: ['per', 'source', 'source:billing', '1h'],
      rule: 'per source',
      subject: 'billing',
      ms: 3_600_000,
    },
    { args: ['per', 'source', '2h'], rule: 'per source', subject: OVERALL, ms: 2 * 3_600_000 },
  ])('mute $args', ({ args, rule: name, subject, ms }) => {
    const parsed = parseMuteArgs(args, rules, true);
    expect(
      parsed.ok && { rule: parsed.rule.name, subject: parsed.subject, ms: parsed.durationMs },
    ).toEqual({ rule: name, subject, ms });
  });

  it('unmute takes no duration', () => {
    const parsed = parseMuteArgs(['per', 'source', 'crm'], rules, false);
    expect(parsed.ok && [parsed.rule.name, parsed.subject, parsed.durationMs]).toEqual([
      'per source',
      'crm',
      null,
    ]);
  });

  it.each([
    { args: ['failure-spike'], reason: 'how long' },
    { args: ['failure-spike', 'forever'], reason: 'how long' },
    { args: ['failure-spike', '31d'], reason: 'at most 30 days' },
    { args: ['nope', '1h'], reason: 'Name one of the alert rules: `failure-spike`, `per source`' },
    { args: ['failure-spike', 'billing', '1h'], reason: 'without a source' },
  ])('refuses $args', ({ args, reason }) => {
    const parsed = parseMuteArgs(args, rules, true);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });
});
