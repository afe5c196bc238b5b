import type { RuleField, RuleFormValues, ScopeChoice } from '../../messages/rule-modal.js';
import { RULE_FIELDS } from '../../messages/rule-modal.js';
import type { RuleProblem } from './rule-spec.js';
import type { RuleSpec } from './rule-store.js';

/**
 * The rule modal's answers read as Slack sends them (`view.state.values`), and turned into a
 * RuleSpec; what cannot even be read (not a number, an unknown source) is a problem at its field.
 * Everything else is checked by rule-spec.ts, the YAML rules' own check. Pure.
 */

/** `view.state.values` as Slack sends it: block_id → action_id → the element's state. */
export type ViewStateValues = Record<string, Record<string, ViewStateValue>>;

export interface ViewStateValue {
  readonly type?: string;
  readonly value?: string | null;
  readonly selected_option?: { readonly value?: string } | null;
  readonly selected_options?: readonly { readonly value?: string }[];
  readonly selected_conversation?: string | null;
}

export function readRuleForm(values: ViewStateValues, editing: string | null): RuleFormValues {
  const at = (field: RuleField): ViewStateValue | undefined =>
    values[RULE_FIELDS[field]]?.[RULE_FIELDS[field]];
  const text = (field: RuleField) => (at(field)?.value ?? '').trim();
  const sources = at('sources');
  const scope = at('scope')?.selected_option?.value;
  return {
    name: editing ?? text('name'),
    scope: scope === 'chosen' || scope === 'per-source' ? scope : 'overall',
    sources:
      sources?.selected_options !== undefined
        ? sources.selected_options.flatMap((o) => (o.value === undefined ? [] : [o.value]))
        : (sources?.value ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
    window: text('window'),
    failureRate: text('failureRate'),
    minFailures: text('minFailures'),
    for: text('for'),
    recoverRate: text('recoverRate'),
    baselineWindow: text('baselineWindow'),
    baselineFactor: text('baselineFactor'),
    significance: text('significance'),
    renotify: text('renotify'),
    channel: at('channel')?.selected_conversation ?? null,
  };
}

export type FormSpec =
  | { readonly ok: true; readonly spec: RuleSpec }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };

/** The form as a spec; `knownSources` empty means the API could not say which exist. */
export function formToSpec(form: RuleFormValues, knownSources: readonly string[]): FormSpec {
  const problems: RuleProblem[] = [];
  const rate = (field: 'failureRate' | 'recoverRate', text: string) => {
    const n = parseRate(text);
    if (n === null) problems.push({ field, message: 'must be a rate such as 20% or 0.2' });
    return n ?? 0;
  };
  const whole = (field: 'minFailures' | 'for', text: string) => {
    const n = /^\d+$/.test(text) ? Number(text) : null;
    if (n === null) problems.push({ field, message: 'must be a whole number such as 5' });
    return n ?? 0;
  };
  if (form.name === '') problems.push({ field: 'name', message: 'must not be empty' });
  if (form.window === '') problems.push({ field: 'window', message: 'is required, e.g. 15m' });
  const failureRate = rate('failureRate', form.failureRate);
  const recoverRate = form.recoverRate === '' ? null : rate('recoverRate', form.recoverRate);
  const minFailures = whole('minFailures', form.minFailures);
  const evaluations = whole('for', form.for);
  const baselineFactor = optionalNumber(form.baselineFactor, () =>
    problems.push({ field: 'baselineFactor', message: 'must be a number such as 3' }),
  );
  const significance = optionalNumber(form.significance, () =>
    problems.push({ field: 'significance', message: 'must be a number such as 0.001' }),
  );
  if (form.channel === null) problems.push({ field: 'channel', message: 'choose a channel' });
  if (form.scope === 'chosen' && form.sources.length === 0) {
    problems.push({ field: 'sources', message: 'choose at least one source system' });
  }
  const lower = new Set(knownSources.map((s) => s.toLowerCase()));
  const unknown = form.sources.filter(
    (s) => knownSources.length > 0 && !lower.has(s.toLowerCase()),
  );
  if (unknown.length > 0) {
    problems.push({
      field: 'sources',
      message: `the stats API reported no executions of ${unknown.join(', ')} in the last 7 days`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    spec: {
      name: form.name,
      scope: form.scope === 'per-source' ? 'per-source' : 'overall',
      sources: form.scope === 'overall' || form.sources.length === 0 ? null : [...form.sources],
      window: form.window,
      failureRate,
      minFailures,
      for: evaluations,
      recoverRate,
      // Left out when empty (the default), as a YAML rule leaves them out. Durations, ranges and
      // a factor without a window are the YAML check's to judge.
      ...(form.baselineWindow === '' ? {} : { baselineWindow: form.baselineWindow }),
      ...(baselineFactor === null ? {} : { baselineFactor }),
      ...(significance === null ? {} : { significance }),
      ...(form.renotify === '' ? {} : { renotify: form.renotify }),
      channel: form.channel ?? '',
    },
  };
}

/** '' → null (the default); a plain decimal number → it; anything else is a problem (null). */
function optionalNumber(text: string, problem: () => void): number | null {
  if (text === '') return null;
  // An exponent too: a stored 0.0000001 is shown back as String() writes it, "1e-7".
  if (/^(\d+(?:\.\d+)?|\.\d+)(?:e[-+]?\d+)?$/i.test(text)) return Number(text);
  problem();
  return null;
}

/** "20%", "20 %" → 0.2; "0.2" → 0.2; anything else null. The YAML range check comes later. */
export function parseRate(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(%?)$/.exec(text.trim());
  if (match === null) return null;
  const n = Number(match[1]);
  return match[2] === '%' ? Math.round(n * 1e6) / 1e8 : n;
}

/** A stored spec as the form shows it. */
export function specToForm(spec: RuleSpec): RuleFormValues {
  const percent = (n: number) => `${Math.round(n * 1e6) / 1e4}%`;
  const scope: ScopeChoice =
    spec.scope === 'per-source' ? 'per-source' : spec.sources === null ? 'overall' : 'chosen';
  return {
    name: spec.name,
    scope,
    sources: spec.sources ?? [],
    window: spec.window,
    failureRate: percent(spec.failureRate),
    minFailures: String(spec.minFailures),
    for: String(spec.for),
    recoverRate: spec.recoverRate === null ? '' : percent(spec.recoverRate),
    // A stored rule shows what it has: no baseline stays empty (an edit never adds one unasked).
    baselineWindow: spec.baselineWindow ?? '',
    baselineFactor: spec.baselineFactor == null ? '' : String(spec.baselineFactor),
    significance: spec.significance == null ? '' : String(spec.significance),
    renotify: spec.renotify ?? '',
    channel: spec.channel,
  };
}

/** `response_action: "errors"`: each problem's message at its field's block (the first one wins). */
export function problemsByBlock(
  problems: readonly RuleProblem[],
  /** Where a problem with the name or the whole rule goes (editing: the name is no input). */
  nameBlock: string = RULE_FIELDS.name,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const block = p.field === 'rule' || p.field === 'name' ? nameBlock : RULE_FIELDS[p.field];
    errors[block] ??= p.message.length > 150 ? `${p.message.slice(0, 149)}…` : p.message;
  }
  return errors;
}
