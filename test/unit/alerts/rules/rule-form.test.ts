import { describe, expect, it } from 'vitest';
import {
  formToSpec,
  parseRate,
  problemsByBlock,
  readRuleForm,
  specToForm,
} from '../../../../src/alerts/rules/rule-form.js';
import { checkRuleSpec } from '../../../../src/alerts/rules/rule-spec.js';
import { buildRuleModal, NEW_RULE_VALUES } from '../../../../src/messages/rule-modal.js';
import { stateValues } from '../../../support/slack-interactions.js';

/** The modal as Slack would send it back, the user having typed `answers`. */
function submitted(answers: Record<string, string | null>, knownSources: string[] = []) {
  const view = buildRuleModal({
    metadata: { mode: 'create', name: null, channel: null },
    values: NEW_RULE_VALUES,
    knownSources,
    preview: null,
  });
  return readRuleForm(stateValues(view as never, answers) as never, null);
}

/** The form read back with a name and a channel filled in, and `answers` (no sources known). */
function namedRuleWith(answers: Record<string, string | null>) {
  return formToSpec(submitted({ rule_name: 'r', rule_channel: 'C0ALERTS01', ...answers }), []);
}

describe('the rule form', () => {
  it('reads rates as percentages or fractions', () => {
    expect(parseRate('20%')).toBe(0.2);
    expect(parseRate('12.5 %')).toBe(0.125);
    expect(parseRate('0.3')).toBe(0.3);
    expect(parseRate('.3')).toBe(0.3);
    expect(parseRate('twenty')).toBeNull();
    expect(parseRate('-1')).toBeNull();
  });

  it('turns what Slack sends back into a spec; the defaults as the modal shows them', () => {
    const form = submitted({ rule_name: 'billing-spike', rule_channel: 'C0ALERTS01' });
    expect(formToSpec(form, [])).toEqual({
      ok: true,
      spec: {
        name: 'billing-spike',
        scope: 'overall',
        sources: null,
        window: '15m',
        failureRate: 0.2,
        minFailures: 5,
        for: 2,
        recoverRate: null,
        baselineWindow: '24h',
        channel: 'C0ALERTS01',
      },
    });
  });

  it('names each field that cannot be read, at its block', () => {
    const form = submitted({
      rule_name: '',
      rule_min_failures: '5.5',
      rule_failure_rate: 'a lot',
      rule_scope: 'chosen',
    });
    const parsed = formToSpec(form, []);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(problemsByBlock(parsed.problems)).toEqual({
      rule_name: 'must not be empty',
      rule_failure_rate: 'must be a rate such as 20% or 0.2',
      rule_min_failures: 'must be a whole number such as 5',
      rule_channel: 'choose a channel',
      rule_sources: 'choose at least one source system',
    });
  });

  it('refuses a source the API has not reported, and takes typed names when it could not say', () => {
    const typed = submitted({
      rule_name: 'r',
      rule_scope: 'per-source',
      rule_sources: 'billing, crm',
      rule_channel: 'C0ALERTS01',
    });
    expect(typed.sources).toEqual(['billing', 'crm']);
    const unknown = formToSpec(typed, ['billing', 'shipping']);
    expect(unknown.ok ? null : problemsByBlock(unknown.problems)).toEqual({
      rule_sources: 'the stats API reported no executions of crm in the last 7 days',
    });
    const fine = formToSpec(typed, []);
    expect(fine.ok && fine.spec.sources).toEqual(['billing', 'crm']);
    expect(fine.ok && fine.spec.scope).toBe('per-source');
  });

  it('shows a stored spec as it was typed, and reads back the same spec', () => {
    const spec = {
      name: 'r',
      scope: 'overall' as const,
      sources: ['billing'],
      window: '1h',
      failureRate: 0.125,
      minFailures: 3,
      for: 4,
      recoverRate: 0.05,
      channel: 'C1',
    };
    const values = specToForm(spec);
    expect(values).toMatchObject({ scope: 'chosen', failureRate: '12.5%', recoverRate: '5%' });
    expect(formToSpec(values, ['billing'])).toEqual({ ok: true, spec });
  });

  it('puts name problems on the first field when editing (the name is no input then)', () => {
    expect(problemsByBlock([{ field: 'name', message: 'was deleted' }], 'rule_scope')).toEqual({
      rule_scope: 'was deleted',
    });
  });

  it('reads the baseline and renotify fields; empty ones are left out (the YAML defaults)', () => {
    const parsed = namedRuleWith({
      rule_baseline_window: '7d',
      rule_baseline_factor: '3',
      rule_significance: '0.001',
      rule_renotify: '30m',
    });
    expect(parsed.ok && parsed.spec).toMatchObject({
      baselineWindow: '7d',
      baselineFactor: 3,
      significance: 0.001,
      renotify: '30m',
    });
    const checked = parsed.ok ? checkRuleSpec(parsed.spec) : null;
    expect(checked?.ok && checked.rule).toMatchObject({
      baseline: { windowMs: 7 * 24 * 3_600_000, factor: 3, significance: 0.001 },
      renotifyMs: 30 * 60_000,
    });
    const cleared = namedRuleWith({ rule_baseline_window: '' });
    expect(cleared.ok && Object.keys(cleared.spec)).not.toContain('baselineWindow');
    const plain = cleared.ok ? checkRuleSpec(cleared.spec) : null;
    expect(plain?.ok && plain.rule).toMatchObject({ baseline: null, renotifyMs: 3_600_000 });
  });

  it('puts a factor that is no number, and the YAML check’s cross-field problems, at their blocks', () => {
    const unreadable = namedRuleWith({ rule_baseline_factor: 'three' });
    expect(unreadable.ok ? null : problemsByBlock(unreadable.problems)).toEqual({
      rule_baseline_factor: 'must be a number such as 3',
    });
    // A factor and a significance without a baseline window: the YAML file's own error, at each.
    const orphan = namedRuleWith({
      rule_baseline_window: '',
      rule_baseline_factor: '2',
      rule_significance: '0.01',
    });
    const checked = orphan.ok ? checkRuleSpec(orphan.spec) : null;
    const errors = checked !== null && !checked.ok ? problemsByBlock(checked.problems) : {};
    expect(Object.keys(errors).sort()).toEqual(['rule_baseline_factor', 'rule_significance']);
    expect(errors.rule_baseline_factor).toContain('only applies with baselineWindow');
    // Out of range and unreadable durations: the YAML schema's messages, at their blocks.
    const bad = namedRuleWith({
      rule_baseline_factor: '0.5',
      rule_significance: '0.7',
      rule_renotify: '10s',
      rule_baseline_window: 'a day',
    });
    const badChecked = bad.ok ? checkRuleSpec(bad.spec) : null;
    const badErrors =
      badChecked !== null && !badChecked.ok ? problemsByBlock(badChecked.problems) : {};
    expect(Object.keys(badErrors).sort()).toEqual([
      'rule_baseline_factor',
      'rule_baseline_window',
      'rule_renotify',
      'rule_significance',
    ]);
  });

  it('shows a stored baseline and renotify when editing, and reads back the same spec', () => {
    const spec = {
      name: 'r',
      scope: 'per-source' as const,
      sources: null,
      window: '15m',
      failureRate: 0.2,
      minFailures: 5,
      for: 2,
      recoverRate: null,
      baselineWindow: '24h',
      baselineFactor: 2.5,
      significance: 0.001,
      renotify: '2h',
      channel: 'C1',
    };
    const values = specToForm(spec);
    expect(values).toMatchObject({
      baselineWindow: '24h',
      baselineFactor: '2.5',
      significance: '0.001',
      renotify: '2h',
    });
    expect(formToSpec(values, [])).toEqual({ ok: true, spec });
    // A tiny significance comes back as String() writes it, and is read again.
    const tiny = { ...spec, significance: 0.0000001 };
    expect(specToForm(tiny).significance).toBe('1e-7');
    expect(formToSpec(specToForm(tiny), [])).toEqual({ ok: true, spec: tiny });
  });
});
