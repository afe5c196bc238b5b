import { describe, expect, it } from 'vitest';
import {
  ALERT_ACTION_IDS,
  decodeAlertButton,
  userMention,
  windowWord,
} from '../../../src/messages/alert-actions.js';
import { buildAlertMessage } from '../../../src/messages/alert-message.js';
import { buildApiBackNotice, buildApiDownNotice } from '../../../src/messages/alert-notices.js';
import { ALERT_REASONS_SHOWN, ALERT_SUBJECTS_SHOWN } from '../../../src/messages/alert-sections.js';
import { buildMoreFailuresReply, buildResolvedReply } from '../../../src/messages/alert-thread.js';
import { OVERALL } from '../../../src/messages/alert-view.js';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import type { SlackMessage } from '../../../src/messages/message.js';
import { T0 } from '../alerts/trace.js';
import { alertFailure, incidentView } from '../alerts/view-fixture.js';

const options = {
  executionUrlTemplate: 'https://app.example.com/executions/{executionId}',
  timeZone: 'UTC',
  now: T0,
};

/** Every text a reader sees (button values are data, never shown). */
function texts(message: SlackMessage): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'text' && typeof v === 'string') out.push(v);
        else if (k !== 'value') walk(v);
      }
    }
  };
  walk(message.blocks);
  return out.join('\n');
}

function actionIds(message: SlackMessage): string[] {
  return message.blocks.flatMap((b) =>
    b.type === 'actions'
      ? b.elements.map((e) => ('action_id' in e ? String(e.action_id) : ''))
      : [],
  );
}

describe('buildAlertMessage', () => {
  it('says what breached and by how much, why, which executions, and offers the buttons', () => {
    const message = buildAlertMessage(incidentView(), options);
    const all = texts(message);
    expect(message.text).toContain('Failure spike: failure-spike · billing');
    expect(all).toContain('*billing*: failed *12* of 40 (30%)');
    expect(all).toContain('baseline 2%');
    expect(all).toContain('Fires at ≥ 20% failed with at least 5 failures in 15m');
    expect(all).toContain('at least 3× the rate of the 1d before');
    expect(all).toContain('8 × payment provider timed out');
    expect(all).toContain('<https://app.example.com/executions/exec-1|exec-1>');
    expect(all).toContain('<https://app.example.com/executions/exec-10|exec-10>');
    expect(all).not.toContain('executions/exec-11|');
    expect(all).toContain('…and 2 more, listed in the thread');
    expect(all).toMatch(/trend [▁▂▃▄▅▆▇█]{4}/);
    expect(actionIds(message)).toEqual([
      ALERT_ACTION_IDS.acknowledge,
      ALERT_ACTION_IDS.mute1h,
      ALERT_ACTION_IDS.mute4h,
      ALERT_ACTION_IDS.mute24h,
      ALERT_ACTION_IDS.viewStats,
    ]);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says a threshold of one failure in the singular, and never "≥ N failures"', () => {
    const base = incidentView();
    const one = incidentView({ thresholds: { ...base.thresholds, minFailures: 1 } });
    const all = texts(buildAlertMessage(one, options));
    expect(all).toContain('with at least 1 failure in 15m');
    expect(all).not.toMatch(/≥ \d+ failure/);
    expect(all).not.toContain('1 failures');
  });

  it('names a lone firing source once in the notification text', () => {
    const message = buildAlertMessage(incidentView(), options);
    expect(message.text).toBe('🚨 Failure spike: failure-spike · billing: 30% failed (12/40)');
  });

  it('names each source in the notification text when several fire', () => {
    const [billing] = incidentView().subjects;
    if (billing === undefined) throw new Error('fixture has a subject');
    const crm = { ...billing, subject: 'crm', failed: 5, terminal: 10, rate: 0.5 };
    const message = buildAlertMessage(incidentView({ subjects: [billing, crm] }), options);
    expect(message.text).toBe(
      '🚨 Failure spike: failure-spike · 2 sources: billing 30% failed (12/40), crm 50% failed (5/10)',
    );
  });

  it('counts what it leaves out in the singular when it is one', () => {
    const [billing] = incidentView().subjects;
    if (billing === undefined) throw new Error('fixture has a subject');
    const subjects = Array.from({ length: ALERT_SUBJECTS_SHOWN + 1 }, (_, i) => ({
      ...billing,
      subject: `source-${i}`,
    }));
    const reasons = Array.from({ length: ALERT_REASONS_SHOWN + 1 }, (_, i) => ({
      reason: `reason ${i}`,
      count: 2,
    }));
    const all = texts(buildAlertMessage(incidentView({ subjects, reasons }), options));
    expect(all).toContain('…and 1 more source system\n');
    expect(all).toContain('…and 1 more reason');
    expect(all).not.toContain('1 more reasons');
  });

  it('carries the rule and incident on its buttons, and the window (and source) on View stats', () => {
    const message = buildAlertMessage(incidentView(), options);
    const buttons = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    const values = buttons.map((b) => ('value' in b ? b.value : undefined));
    expect(decodeAlertButton(values[0])).toEqual({ rule: 'failure-spike', incidentId: 'abc123' });
    expect(values.at(-1)).toBe('15m source:billing');
  });

  it('shows who acknowledged it, and drops the Acknowledge button', () => {
    const message = buildAlertMessage(incidentView({ acknowledgedBy: 'U0ALICE' }), options);
    expect(texts(message)).toContain('Acknowledged by <@U0ALICE>');
    expect(actionIds(message)).not.toContain(ALERT_ACTION_IDS.acknowledge);
  });

  it('shows until when and by whom it is muted', () => {
    const until = Date.UTC(2026, 10, 2, 14, 0);
    const message = buildAlertMessage(incidentView({ mute: { until, by: 'U0BOB' } }), options);
    expect(texts(message)).toContain(
      `Muted until <!date^${until / 1000}^{time}|Mon 2 Nov 14:00> by <@U0BOB>`,
    );
  });

  it('marks it resolved with the incident duration, and keeps only View stats', () => {
    const view = incidentView({ status: 'resolved', resolvedAt: T0 + 17 * 60_000 });
    const message = buildAlertMessage(view, { ...options, now: T0 + 17 * 60_000 });
    expect(message.text).toContain('Resolved: failure-spike · billing after 42m');
    expect(texts(message)).toContain('*Resolved* after 42m');
    expect(actionIds(message)).toEqual([ALERT_ACTION_IDS.viewStats]);
    expect(buildResolvedReply(view).text).toBe('Resolved after 42m');
  });

  it('names what an overall rule watches', () => {
    const subject = { ...incidentView().subjects[0], subject: OVERALL } as ReturnType<
      typeof incidentView
    >['subjects'][number];
    const all = buildAlertMessage(
      incidentView({ scope: 'overall', sources: null, subjects: [subject] }),
      options,
    );
    expect(texts(all)).toContain('*all sources*: failed');
    const some = buildAlertMessage(
      incidentView({ scope: 'overall', sources: ['billing', 'crm'], subjects: [subject] }),
      options,
    );
    expect(texts(some)).toContain('*billing, crm*: failed');
    expect(some.text).toContain('· billing, crm');
  });

  it('stays within Slack limits with 1,000 failures and 3,000 sources', () => {
    const failures = Array.from({ length: 1000 }, (_, i) =>
      alertFailure(i, { statusReason: `reason ${i % 40} ${'x'.repeat(100)}` }),
    );
    const subjects = Array.from({ length: 3000 }, (_, i) => ({
      ...incidentView().subjects[0],
      subject: `source-${i}-${'y'.repeat(50)}`,
    })) as unknown as ReturnType<typeof incidentView>['subjects'];
    const reasons = Array.from({ length: 40 }, (_, i) => ({
      reason: `reason ${i} ${'x'.repeat(100)}`,
      count: 25,
    }));
    const view = incidentView({ failures, subjects, reasons });
    const message = buildAlertMessage(view, options);
    expect(checkMessageLimits(message)).toEqual([]);
    expect(texts(message)).toContain('…and 2,985 more source systems');
    expect(texts(message)).toContain('…and 990 more, listed in the thread');
    const more = buildMoreFailuresReply(view, options.executionUrlTemplate, 'UTC');
    expect(more).not.toBeNull();
    expect(checkMessageLimits(more as SlackMessage)).toEqual([]);
  });

  it('escapes every API string: no mention, link or markup can get through', () => {
    const hostile = '<!channel> *bold* <https://evil.example|click> `code` <@U999>';
    const view = incidentView({
      rule: 'rule <!here>',
      subjects: [
        { ...incidentView().subjects[0], subject: hostile } as ReturnType<
          typeof incidentView
        >['subjects'][number],
      ],
      reasons: [{ reason: hostile, count: 3 }],
      failures: [
        alertFailure(1, {
          executionId: 'a|b>c<!channel>',
          sourceSystem: hostile,
          statusReason: hostile,
          workflowId: hostile,
        }),
      ],
    });
    const message = buildAlertMessage(view, options);
    const all = texts(message) + message.text;
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<!here>');
    expect(all).not.toContain('<@U999>');
    expect(all).not.toContain('<https://evil');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('executions/a%7Cb%3Ec%3C%21channel%3E|');
    expect(checkMessageLimits(message)).toEqual([]);
  });
});

describe('alert helpers', () => {
  it.each([
    [15 * 60_000, '15m'],
    [6 * 3_600_000, '6h'],
    [2 * 86_400_000, '2d'],
    [90_000, '2m'],
  ])('windowWord(%i) = %s', (ms, word) => {
    expect(windowWord(ms)).toBe(word);
  });

  it('mentions only real user IDs', () => {
    expect(userMention('U0ALICE')).toBe('<@U0ALICE>');
    expect(userMention('U1|x> <!channel')).toBe('someone');
  });

  it('decodes only its own button values', () => {
    expect(decodeAlertButton('{"r":"a","i":"b"}')).toEqual({ rule: 'a', incidentId: 'b' });
    expect(decodeAlertButton('banana')).toBeNull();
    expect(decodeAlertButton('{"r":1}')).toBeNull();
    expect(decodeAlertButton(undefined)).toBeNull();
  });
});

describe('API notices', () => {
  it('says once that the API is unreachable, and once that it is back', () => {
    const down = buildApiDownNotice(T0, 3, 'UTC', T0 + 120_000);
    expect(texts(down)).toContain('The stats API is unreachable');
    expect(texts(down)).toContain('3 evaluations in a row failed');
    const back = buildApiBackNotice(T0, T0 + 20 * 60_000);
    expect(texts(back)).toContain('The stats API is back* after 20m');
    expect(checkMessageLimits(down)).toEqual([]);
    expect(checkMessageLimits(back)).toEqual([]);
  });
});
