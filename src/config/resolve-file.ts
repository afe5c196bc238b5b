import type { AlertRuleConfig, AlertsConfig, DigestConfig, FileConfig } from './config.js';
import type { ParsedFile, ParsedRule } from './file-schema.js';
import type { PathProblem } from './problems.js';

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

type Resolved = { ok: true; value: FileConfig } | { ok: false; problems: PathProblem[] };

/** Applies defaults and checks what involves more than one key: unique names, channels, rates. */
export function resolveFileConfig(parsed: ParsedFile): Resolved {
  const problems: PathProblem[] = [];
  const timezone = parsed.timezone ?? FILE_DEFAULTS.timezone;
  const digests = resolveDigests(parsed.digests ?? [], timezone, problems);
  const alerts = parsed.alerts == null ? null : resolveAlerts(parsed.alerts, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { timezone, executionUrl: parsed.executionUrl ?? null, digests, alerts },
  };
}

function resolveDigests(
  digests: NonNullable<ParsedFile['digests']>,
  timezone: string,
  problems: PathProblem[],
): DigestConfig[] {
  const byName = new Map<string, number>();
  return digests.map((digest, index) => {
    const window = digest.window ?? FILE_DEFAULTS.digestWindow;
    const name = digest.name ?? `${digest.channel} ${digest.schedule} ${window}`;
    const earlier = byName.get(name);
    if (earlier === undefined) byName.set(name, index);
    else if (digest.name === undefined) {
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
    return {
      name,
      channel: digest.channel,
      schedule: digest.schedule,
      timezone: digest.timezone ?? timezone,
      window,
    };
  });
}

function resolveAlerts(
  alerts: NonNullable<ParsedFile['alerts']>,
  problems: PathProblem[],
): AlertsConfig {
  const channel = alerts.channel ?? null;
  const byName = new Map<string, number>();
  const rules: AlertRuleConfig[] = [];
  for (const [index, rule] of (alerts.rules ?? []).entries()) {
    const at = (key: string): PropertyKey[] => ['alerts', 'rules', index, key];
    const earlier = byName.get(rule.name);
    if (earlier === undefined) byName.set(rule.name, index);
    else {
      problems.push({
        path: at('name'),
        message: `"${rule.name}" is already the name of alerts.rules[${earlier}]; rule names must be unique`,
      });
    }
    const ruleChannel = rule.channel ?? channel;
    if (ruleChannel === null) {
      problems.push({
        path: at('channel'),
        message: 'no channel to post to; set alerts.channel, or channel on this rule',
      });
    }
    const recoverRate = rule.recoverRate ?? rule.failureRate / 2;
    if (recoverRate > rule.failureRate) {
      problems.push({
        path: at('recoverRate'),
        message: `must not be above failureRate (${rule.failureRate}), or the alert would recover while still breaching`,
      });
    }
    problems.push(...baselineProblems(rule, at));
    rules.push({
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
      recoverRate,
      renotifyMs: rule.renotify ?? FILE_DEFAULTS.renotifyMs,
      channel: ruleChannel ?? '',
    });
  }
  return { intervalMs: alerts.interval ?? FILE_DEFAULTS.alertIntervalMs, channel, rules };
}

/** baselineFactor and significance only mean something next to a baselineWindow. */
function baselineProblems(rule: ParsedRule, at: (key: string) => PropertyKey[]): PathProblem[] {
  if (rule.baselineWindow !== undefined) return [];
  const orphans = (['baselineFactor', 'significance'] as const).filter(
    (key) => rule[key] !== undefined,
  );
  return orphans.map((key) => ({
    path: at(key),
    message: 'only applies with baselineWindow; add baselineWindow (e.g. 24h) or remove this key',
  }));
}
