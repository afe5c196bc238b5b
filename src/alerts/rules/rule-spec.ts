import type { AlertRuleConfig } from '../../config/config.js';
import { parseConfigFile } from '../../config/file.js';
import type { RuleSpec } from './rule-store.js';

/**
 * What a valid rule is, for rules made in Slack: exactly what the YAML file accepts. The spec is
 * handed to the config file's own parser as a one-rule `alerts:` section (JSON is YAML), so the
 * schema, the cross-field checks (recoverRate against failureRate…), the defaults and the
 * normalised AlertRuleConfig are the YAML rules' own: there is one definition of a rule.
 */

/** One problem, by the rule's key (`failureRate`, `window`…) it is about. */
export interface RuleProblem {
  readonly field: keyof RuleSpec | 'rule';
  readonly message: string;
}

export type RuleCheck =
  | { readonly ok: true; readonly rule: AlertRuleConfig }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };

const WHERE = 'rule';
const KEY = /^alerts\.rules\[0\]\.?([A-Za-z]*)/;
/** The parser locates each problem in the file; a one-line JSON text has nothing to locate. */
const LOCATION = new RegExp(` \\(${WHERE} line \\d+\\)$`);

/** The YAML keys of a spec: null and the defaults it leaves out are not written. */
export function specToYaml(spec: RuleSpec): Record<string, unknown> {
  return {
    name: spec.name,
    scope: spec.scope,
    ...(spec.sources === null ? {} : { sources: spec.sources }),
    window: spec.window,
    failureRate: spec.failureRate,
    minFailures: spec.minFailures,
    for: spec.for,
    ...(spec.recoverRate === null ? {} : { recoverRate: spec.recoverRate }),
    ...(spec.baselineWindow == null ? {} : { baselineWindow: spec.baselineWindow }),
    ...(spec.baselineFactor == null ? {} : { baselineFactor: spec.baselineFactor }),
    ...(spec.significance == null ? {} : { significance: spec.significance }),
    ...(spec.renotify == null ? {} : { renotify: spec.renotify }),
    channel: spec.channel,
  };
}

export function checkRuleSpec(spec: RuleSpec): RuleCheck {
  const text = JSON.stringify({ alerts: { rules: [specToYaml(spec)] } });
  const parsed = parseConfigFile(text, WHERE);
  if (!parsed.ok) {
    return {
      ok: false,
      problems: parsed.problems.map((p) => ({
        field: fieldOf(p.key),
        message: p.message.replace(LOCATION, ''),
      })),
    };
  }
  const rule = parsed.value.alerts?.rules[0];
  if (rule === undefined) {
    return { ok: false, problems: [{ field: 'rule', message: 'is not a rule' }] };
  }
  return { ok: true, rule };
}

function fieldOf(key: string): RuleProblem['field'] {
  const field = KEY.exec(key)?.[1] ?? '';
  const known: readonly string[] = [
    'name',
    'scope',
    'sources',
    'window',
    'failureRate',
    'minFailures',
    'for',
    'recoverRate',
    'baselineWindow',
    'baselineFactor',
    'significance',
    'renotify',
    'channel',
  ];
  return known.includes(field) ? (field as keyof RuleSpec) : 'rule';
}
