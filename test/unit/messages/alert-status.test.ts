import { describe, expect, it } from 'vitest';
import { buildAlertStatusMessage, heldLine } from '../../../src/messages/alert-status.js';
import { rule } from '../alerts/fixtures.js';

const NOW = Date.parse('2026-11-28T10:00:00Z');
const text = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);

describe('/exec-stats alerts: held alerts', () => {
  it('says, under its rule, that the alert was not posted and what to do', () => {
    const message = buildAlertStatusMessage(
      [rule({ name: 'spike' }), rule({ name: 'other' })],
      new Map(),
      {
        now: NOW,
        timeZone: 'UTC',
        held: [
          { rule: 'spike', channel: 'C0ALERTS01', reason: 'not_in_channel', since: NOW - 600_000 },
          // Its thread reply is held too: the channel is named once.
          { rule: 'spike', channel: 'C0ALERTS01', reason: 'not_in_channel', since: NOW - 300_000 },
        ],
      },
    );
    const shown = text(message);
    expect(shown.match(/invite the bot to <#C0ALERTS01>/g)).toHaveLength(1);
    expect(shown).toContain('/invite @exec-stats');
    expect(shown.indexOf('invite the bot')).toBeLessThan(shown.indexOf('*other*'));
  });

  it.each([
    ['not_in_channel', 'not posted: invite the bot to <#C1>'],
    [
      'channel_not_found',
      "not posted: <#C1> cannot be posted to (`channel_not_found`); check the rule's channel",
    ],
    [
      'is_archived',
      "not posted: <#C1> cannot be posted to (`is_archived`); check the rule's channel",
    ],
    [
      'token_revoked',
      'not posted in <#C1>: Slack says `token_revoked`; it is tried again every cycle',
    ],
  ])('%s', (reason, expected) => {
    expect(heldLine({ channel: 'C1', reason })).toContain(expected);
  });

  it('shows nothing held when nothing is', () => {
    const message = buildAlertStatusMessage([rule()], new Map(), { now: NOW, timeZone: 'UTC' });
    expect(text(message)).not.toContain('not posted');
  });
});

describe('/exec-stats alerts: a rule title', () => {
  it.each([
    [rule(), 'overall, window 15m, fires at ≥ 20%\\n'],
    [
      rule({ baseline: { windowMs: 24 * 3_600_000, factor: 3, significance: 0.0001 } }),
      'overall, window 15m, fires at ≥ 20% and ≥ 3× its 1d baseline\\n',
    ],
  ])('says its threshold, and its baseline when it has one (%#)', (r, expected) => {
    const message = buildAlertStatusMessage([r], new Map(), { now: NOW, timeZone: 'UTC' });
    expect(text(message)).toContain(expected);
  });
});
