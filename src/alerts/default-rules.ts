import type { AlertRuleConfig } from '../config/config.js';

/**
 * The example rule of docs/alerts.md: what `exec-stats replay` and the demo use when
 * no config has rules.
 */
export const EXAMPLE_RULE: AlertRuleConfig = {
  name: 'failure-spike',
  scope: 'overall',
  sources: ['billing'],
  windowMs: 15 * 60_000,
  minFailures: 5,
  failureRate: 0.2,
  // The file's default significance (1e-4; see FILE_DEFAULTS for why).
  baseline: { windowMs: 24 * 3_600_000, factor: 3, significance: 0.0001 },
  for: 2,
  recoverRate: 0.1,
  renotifyMs: 3_600_000,
  channel: 'C0123456789',
};

/** The same thresholds for every source system on its own: what replay adds with --per-source. */
export const EXAMPLE_PER_SOURCE_RULE: AlertRuleConfig = {
  ...EXAMPLE_RULE,
  name: 'failure-spike-per-source',
  scope: 'per-source',
  sources: null,
};

export const DEFAULT_INTERVAL_MS = 60_000;
