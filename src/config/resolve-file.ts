import type { AlertRuleConfig, AlertsConfig, DigestConfig, FileConfig } from './config.js';
import type { ParsedDigest, ParsedFile, ParsedRule } from './file-schema.js';
import type { PathProblem } from './problems.js';
import { type Fields, isSet, type SalvagedFile } from './salvage.js';

/**
 * Defaults of the YAML file. Chosen for "alerts that fire when something is really wrong and stay
 * quiet otherwise": a rule needs a handful of failures before a rate means anything.
 */
export const FILE_DEFAULTS = {
  timezone: 'UTC',
  digestWindow: '24h',
  alertIntervalMs: 60_000,
  minFailures: 5,
  baselineFactor: 1,
  significance: 0.001,
  for: 1,
  renotifyMs: 3_600_000,
} as const;

/**
 * What involves more than one key: unique names, a channel for every rule, recoverRate against
 * failureRate, baseline keys without a baseline. Runs on the keys that parsed, so these come in
 * the same round as the schema's problems; a check whose keys were refused is left to the schema
 * (which already says what is wrong with them) rather than guessed.
 */
export function crossFieldProblems(file: SalvagedFile): PathProblem[] {
  return [
    ...digestProblems(file.digests),
    ...(file.alerts === null ? [] : ruleProblems(file.alerts)),
  ];
}

/** Applies the defaults to a file that passed the schema and `crossFieldProblems`. */
export function resolveFileConfig(parsed: ParsedFile): FileConfig {
  const timezone = parsed.timezone ?? FILE_DEFAULTS.timezone;
  const digests = (parsed.digests ?? []).map(
    (digest): DigestConfig => ({
      name: digestName(digest),
      channel: digest.channel,
      schedule: digest.schedule,
      timezone: digest.timezone ?? timezone,
      window: digest.window ?? FILE_DEFAULTS.digestWindow,
    }),
  );
  const alerts = parsed.alerts == null ? null : resolveAlerts(parsed.alerts);
  return { timezone, executionUrl: parsed.executionUrl ?? null, digests, alerts };
}

/** A digest without a name is known by what it does, so two identical ones are caught. */
function digestName(digest: Pick<ParsedDigest, 'name' | 'channel' | 'schedule' | 'window'>) {
  return (
    digest.name ??
    `${digest.channel} ${digest.schedule} ${digest.window ?? FILE_DEFAULTS.digestWindow}`
  );
}

function digestProblems(digests: SalvagedFile['digests']): PathProblem[] {
  const problems: PathProblem[] = [];
  const byName = new Map<string, number>();
  for (const [index, digest] of digests.entries()) {
    const name = digest === null ? null : knownDigestName(digest);
    if (digest === null || name === null) continue;
    const earlier = byName.get(name);
    if (earlier === undefined) byName.set(name, index);
    else if (digest.value.name === undefined) {
      problems.push({
        path: ['digests', index],
        message: `repeats digests[${earlier}] (same channel, schedule and window); remove one, or give each a distinct name`,
      });
    } else {
      problems.push({
        path: ['digests', index, 'name'],
        message: `"${name}" is already the name of digests[${earlier}]; digest names must be unique`,
      });
    }
  }
  return problems;
}

/** The digest's name, or null when it depends on a key that is missing or refused. */
function knownDigestName({ value, refused }: Fields<ParsedDigest>): string | null {
  if (refused.has('name') || refused.has('window')) return null;
  if (value.name !== undefined) return value.name;
  const { channel, schedule } = value;
  if (channel === undefined || schedule === undefined) return null;
  return digestName({ channel, schedule, window: value.window });
}

function ruleProblems(alerts: NonNullable<SalvagedFile['alerts']>): PathProblem[] {
  const problems: PathProblem[] = [];
  const byName = new Map<string, number>();
  for (const [index, rule] of alerts.rules.entries()) {
    if (rule === null) continue;
    const at = (key: keyof ParsedRule): PropertyKey[] => ['alerts', 'rules', index, key];
    const { name, failureRate, recoverRate } = rule.value;
    if (name !== undefined) {
      const earlier = byName.get(name);
      if (earlier === undefined) byName.set(name, index);
      else {
        problems.push({
          path: at('name'),
          message: `"${name}" is already the name of alerts.rules[${earlier}]; rule names must be unique`,
        });
      }
    }
    if (!isSet(rule, 'channel') && !isSet(alerts.head, 'channel')) {
      problems.push({
        path: at('channel'),
        message: 'no channel to post to; set alerts.channel, or channel on this rule',
      });
    }
    if (failureRate !== undefined && recoverRate !== undefined && recoverRate > failureRate) {
      problems.push({
        path: at('recoverRate'),
        message: `must not be above failureRate (${failureRate}), or the alert would recover while still breaching`,
      });
    }
    // baselineFactor and significance only mean something next to a baselineWindow. Said even
    // when their own value is refused too: fixing the value alone would not be enough.
    if (!isSet(rule, 'baselineWindow')) {
      for (const key of ['baselineFactor', 'significance'] as const) {
        if (!isSet(rule, key)) continue;
        problems.push({
          path: at(key),
          message:
            'only applies with baselineWindow; add baselineWindow (e.g. 24h) or remove this key',
        });
      }
    }
  }
  return problems;
}

function resolveAlerts(alerts: NonNullable<ParsedFile['alerts']>): AlertsConfig {
  const channel = alerts.channel ?? null;
  const rules = (alerts.rules ?? []).map(
    (rule): AlertRuleConfig => ({
      name: rule.name,
      scope: rule.scope ?? 'overall',
      sources: rule.sources ?? null,
      windowMs: rule.window,
      minFailures: rule.minFailures ?? FILE_DEFAULTS.minFailures,
      failureRate: rule.failureRate,
      baseline:
        rule.baselineWindow === undefined
          ? null
          : {
              windowMs: rule.baselineWindow,
              factor: rule.baselineFactor ?? FILE_DEFAULTS.baselineFactor,
              significance: rule.significance ?? FILE_DEFAULTS.significance,
            },
      for: rule.for ?? FILE_DEFAULTS.for,
      recoverRate: rule.recoverRate ?? rule.failureRate / 2,
      renotifyMs: rule.renotify ?? FILE_DEFAULTS.renotifyMs,
      // crossFieldProblems made sure one of the two is set.
      channel: rule.channel ?? channel ?? '',
    }),
  );
  return { intervalMs: alerts.interval ?? FILE_DEFAULTS.alertIntervalMs, channel, rules };
}
