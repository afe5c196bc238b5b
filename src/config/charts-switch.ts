import type { ConfigProblem } from './config.js';

/**
 * EXEC_STATS_CHARTS: charts in messages are on unless this says `off` (then every message shows
 * its text trend, and the bot neither draws nor uploads). On by default: without `files:write` a
 * chart falls back to the text by itself, so the switch is for a deployment that wants no
 * pictures or no rendering work.
 */
export const CHARTS_ENV = 'EXEC_STATS_CHARTS';

const ON = new Set(['on', 'true', '1', 'yes']);
const OFF = new Set(['off', 'false', '0', 'no']);

export function readChartsSwitch(
  env: Readonly<Record<string, string | undefined>>,
): { readonly charts: boolean } | { readonly problem: ConfigProblem } {
  const raw = env[CHARTS_ENV]?.trim().toLowerCase() ?? '';
  if (raw === '' || ON.has(raw)) return { charts: true };
  if (OFF.has(raw)) return { charts: false };
  return {
    problem: {
      key: CHARTS_ENV,
      message: `must be on or off; got "${raw.slice(0, 20)}". Unset it to keep charts on`,
    },
  };
}
