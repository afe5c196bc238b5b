import type { AlertRuleConfig } from '../config/config.js';
import { parseDuration } from '../time/duration.js';
import { OVERALL } from './types.js';

/**
 * `/exec-stats mute RULE [SOURCE] DURATION` and `unmute RULE [SOURCE]`. Rule names may hold
 * spaces, so the longest run of leading words that names a rule wins; the source may be written
 * `billing` or `source:billing`. Pure: the handler carries the result out.
 */

export const MAX_MUTE_MS = 30 * 86_400_000;

export type MuteArgs =
  | {
      readonly ok: true;
      readonly rule: AlertRuleConfig;
      readonly subject: string;
      readonly durationMs: number | null;
    }
  | { readonly ok: false; readonly reason: string };

export const MUTE_USAGE =
  '`/exec-stats mute RULE [SOURCE] DURATION` (e.g. `/exec-stats mute failure-spike billing 4h`), `/exec-stats unmute RULE [SOURCE]`';

export function parseMuteArgs(
  args: readonly string[],
  rules: readonly AlertRuleConfig[],
  withDuration: boolean,
): MuteArgs {
  const words = [...args];
  let durationMs: number | null = null;
  if (withDuration) {
    const last = words.pop();
    durationMs = last === undefined ? null : parseDuration(last);
    if (last === undefined || durationMs === null) {
      return { ok: false, reason: `Say how long to mute for, e.g. \`1h\`, \`4h\` or \`24h\`.` };
    }
    if (durationMs > MAX_MUTE_MS) return { ok: false, reason: 'A mute lasts at most 30 days.' };
  }
  const rule = findRule(words, rules);
  if (rule === null) {
    const names = rules.map((r) => `\`${r.name.replaceAll('`', "'")}\``).join(', ');
    return {
      ok: false,
      reason:
        rules.length === 0
          ? 'No alert rules are configured.'
          : `Name one of the alert rules: ${names}.`,
    };
  }
  const rest = words
    .slice(rule.words)
    .join(' ')
    .replace(/^source:/i, '')
    .replace(/^["“'‘«](.*)["”'’»]$/, '$1')
    .trim();
  if (rest !== '' && rule.config.scope === 'overall') {
    return {
      ok: false,
      reason: `Rule \`${rule.config.name.replaceAll('`', "'")}\` watches all sources together: mute it without a source.`,
    };
  }
  return { ok: true, rule: rule.config, subject: rest === '' ? OVERALL : rest, durationMs };
}

function findRule(
  words: readonly string[],
  rules: readonly AlertRuleConfig[],
): { config: AlertRuleConfig; words: number } | null {
  for (let n = words.length; n >= 1; n -= 1) {
    const name = words.slice(0, n).join(' ');
    const config =
      rules.find((r) => r.name === name) ??
      rules.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (config !== undefined) return { config, words: n };
  }
  return null;
}
