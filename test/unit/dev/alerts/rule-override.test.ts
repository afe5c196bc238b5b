import { describe, expect, it } from 'vitest';
import { EXAMPLE_RULE } from '../../../../src/alerts/default-rules.js';
import { overrideRule } from '../../../../src/dev/alerts/rule-override.js';

describe('overrideRule', () => {
  it('changes only the keys given, in the config file syntax', () => {
    const rule = overrideRule(EXAMPLE_RULE, 'for=1, minFailures=3,window=5m,significance=1e-5');
    expect(rule).toEqual({
      ...EXAMPLE_RULE,
      for: 1,
      minFailures: 3,
      windowMs: 5 * 60_000,
      baseline: { ...EXAMPLE_RULE.baseline, significance: 1e-5 },
    });
    expect(overrideRule(EXAMPLE_RULE, 'baselineWindow=6h,baselineFactor=2')).toMatchObject({
      baseline: { windowMs: 6 * 3_600_000, factor: 2, significance: 1e-4 },
    });
  });

  it('says what is wrong instead of guessing', () => {
    expect(overrideRule(EXAMPLE_RULE, 'for=0')).toBe(
      'for must be a whole number from 1 to 100, not "0"',
    );
    expect(overrideRule(EXAMPLE_RULE, 'window=5')).toBe(
      'window must be a duration like 5m, not "5"',
    );
    expect(overrideRule(EXAMPLE_RULE, 'minFailures')).toMatch(/^expected key=value pairs/);
    expect(overrideRule(EXAMPLE_RULE, 'fro=1')).toMatch(/^unknown key "fro"/);
    expect(overrideRule(EXAMPLE_RULE, 'recoverRate=0.3')).toMatch(/must not be above failureRate/);
    expect(overrideRule({ ...EXAMPLE_RULE, baseline: null }, 'significance=0.01')).toBe(
      'significance needs a rule with a baseline',
    );
  });
});
