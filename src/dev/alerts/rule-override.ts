import type { AlertRuleConfig } from '../../config/config.js';
import { parseDuration } from '../../time/duration.js';

/**
 * The rule with some keys changed, from `key=value,key=value` (the config file's names and
 * syntax), so the suite can measure a successor of the example rule without editing it; a
 * sentence saying what is wrong otherwise.
 */
export function overrideRule(rule: AlertRuleConfig, text: string): AlertRuleConfig | string {
  let out: AlertRuleConfig = rule;
  for (const pair of text.split(',').map((p) => p.trim())) {
    const [key, raw, ...rest] = pair.split('=').map((p) => p.trim());
    if (key === undefined || raw === undefined || raw === '' || rest.length > 0) {
      return `expected key=value pairs separated by commas, like for=1,minFailures=3, not "${pair}"`;
    }
    const number = Number(raw);
    const whole = Number.isInteger(number) && number >= 1 ? number : null;
    const rate = Number.isFinite(number) && number > 0 && number <= 1 ? number : null;
    const duration = parseDuration(raw);
    const bad = (what: string) => `${key} must be ${what}, not "${raw}"`;
    const baseline = out.baseline;
    const noBaseline = `${key} needs a rule with a baseline`;
    switch (key) {
      case 'window':
        if (duration === null) return bad('a duration like 5m');
        out = { ...out, windowMs: duration };
        break;
      case 'baselineWindow':
        if (duration === null) return bad('a duration like 24h');
        if (baseline === null) return noBaseline;
        out = { ...out, baseline: { ...baseline, windowMs: duration } };
        break;
      case 'minFailures':
        if (whole === null) return bad('a whole number of at least 1');
        out = { ...out, minFailures: whole };
        break;
      case 'for':
        if (whole === null || whole > 100) return bad('a whole number from 1 to 100');
        out = { ...out, for: whole };
        break;
      case 'failureRate':
        if (rate === null) return bad('a rate above 0 and at most 1, like 0.2');
        out = { ...out, failureRate: rate };
        break;
      case 'recoverRate':
        if (rate === null) return bad('a rate above 0 and at most 1, like 0.1');
        out = { ...out, recoverRate: rate };
        break;
      case 'baselineFactor':
        if (!Number.isFinite(number) || number < 1) return bad('a number of at least 1');
        if (baseline === null) return noBaseline;
        out = { ...out, baseline: { ...baseline, factor: number } };
        break;
      case 'significance':
        if (!(number > 0 && number < 0.5)) return bad('a probability above 0 and below 0.5');
        if (baseline === null) return noBaseline;
        out = { ...out, baseline: { ...baseline, significance: number } };
        break;
      default:
        return `unknown key "${key}": expected window, minFailures, failureRate, baselineWindow, baselineFactor, significance, for or recoverRate`;
    }
  }
  if (out.recoverRate > out.failureRate) {
    return `recoverRate (${out.recoverRate}) must not be above failureRate (${out.failureRate})`;
  }
  return out;
}
