import { describe, expect, it } from 'vitest';
import { checkRuleSpec } from '../../../../src/alerts/rules/rule-spec.js';
import type { RuleSpec } from '../../../../src/alerts/rules/rule-store.js';
import { ruleSpec } from '../fixtures.js';

const spec = (overrides: Partial<RuleSpec> = {}): RuleSpec =>
  ruleSpec({ sources: ['billing'], for: 2, channel: 'C0123456789', ...overrides });

describe('a rule made in Slack is checked as a YAML rule is', () => {
  it('resolves to the same AlertRuleConfig, with the YAML defaults', () => {
    const checked = checkRuleSpec(spec());
    expect(checked).toEqual({
      ok: true,
      rule: {
        name: 'billing-spike',
        scope: 'overall',
        sources: ['billing'],
        windowMs: 900_000,
        minFailures: 5,
        failureRate: 0.2,
        baseline: null,
        for: 2,
        recoverRate: 0.1,
        renotifyMs: 3_600_000,
        channel: 'C0123456789',
      },
    });
  });

  it('names the field of each problem, without a file line', () => {
    const checked = checkRuleSpec(spec({ window: '15 minutes', failureRate: 20, channel: '#ops' }));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const fields = checked.problems.map((p) => p.field).sort();
    expect(fields).toEqual(['channel', 'failureRate', 'window']);
    const rate = checked.problems.find((p) => p.field === 'failureRate');
    expect(rate?.message).toMatch(
      /^must be at most 1 \(a fraction: 0\.2 means 20%, not 20\); got 20$/,
    );
  });

  it('refuses a recovery rate above the failure rate, at recoverRate', () => {
    const checked = checkRuleSpec(spec({ recoverRate: 0.5 }));
    expect(checked).toEqual({
      ok: false,
      problems: [
        {
          field: 'recoverRate',
          message:
            'must not be above failureRate (0.2), or the alert would recover while still breaching',
        },
      ],
    });
  });
});
