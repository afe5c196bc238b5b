/**
 * The names `EXEC_STATS_SCENARIO` accepts: the config checks them when it loads, and
 * create-stats-source hands the chosen one to the simulator (src/dev/simulator/scenarios.ts
 * defines each, keyed by these names). They live here, below the config, so that production code
 * can name a scenario without loading the simulator.
 */
export const SCENARIO_NAMES = [
  'steady',
  'spike',
  'degradation',
  'noise',
  'flapping',
  'outage',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(value);
}
