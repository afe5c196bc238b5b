import { runAlertCycle } from '../../alerts/cycle.js';
import { createSerial } from '../../alerts/serial.js';
import { createWindowFetcher } from '../../alerts/window-fetcher.js';
import { fixedClock } from '../../clock.js';
import type { AlertRuleConfig } from '../../config/config.js';
import { silentLogger } from '../../logging/logger.js';
import { createCachedSource } from '../../stats/cached-source.js';
import type { ScenarioName } from '../simulator/scenarios.js';
import { createSimulatedStatsSource } from '../simulator/simulated-source.js';
import { createMemoryAlertStore } from './memory-store.js';
import { createRecordingSlack, type RecordedCall } from './recording-slack.js';

/**
 * Runs alert rules through simulated hours: the simulator plays a scenario that starts `leadMs`
 * after the start, a fixed clock advances one interval per cycle, and the real cycle (engine,
 * outbox, message builders) runs against an in-memory store and a recording Slack. For
 * `exec-stats replay`, the alert demo, and tests that check defaults against scenarios.
 */

export interface SimulationOptions {
  readonly rules: readonly AlertRuleConfig[];
  readonly scenario: ScenarioName;
  readonly intervalMs: number;
  /** Where the simulated time starts, Unix ms. */
  readonly start: number;
  /** How long after `start` the scenario's disturbance begins. */
  readonly leadMs: number;
  readonly durationMs: number;
  readonly seed?: number;
  /** The instant whose traffic volume the disturbance plays (see SimulatorOptions.trafficAt). */
  readonly trafficAt?: number;
  readonly executionUrlTemplate?: string;
  readonly timezone?: string;
  /** Called after each cycle; return true to stop early. */
  readonly until?: (calls: readonly RecordedCall[]) => boolean;
}

export interface SimulationResult {
  readonly anchor: number;
  readonly calls: readonly RecordedCall[];
  readonly cycles: number;
  readonly statsCalls: number;
}

export async function simulateAlerts(options: SimulationOptions): Promise<SimulationResult> {
  const clock = fixedClock(options.start);
  const anchor = options.start + options.leadMs;
  const simulated = createSimulatedStatsSource({
    seed: options.seed ?? 7,
    scenario: options.scenario,
    anchor,
    ...(options.trafficAt === undefined ? {} : { trafficAt: options.trafficAt }),
    clock,
  });
  let statsCalls = 0;
  // Counted below the stats cache, as the API would count them. No TTL for plain calls (ttlMs 0):
  // each cycle reads its windows afresh, and baselines are kept as long as the fetcher accepts.
  const stats = createCachedSource(
    {
      getStats: (...args: Parameters<typeof simulated.getStats>) => {
        statsCalls += 1;
        return simulated.getStats(...args);
      },
    },
    { clock, ttlMs: 0 },
  );
  const slack = createRecordingSlack(clock.now);
  const deps = {
    rules: options.rules,
    fetcher: createWindowFetcher(stats, options.intervalMs),
    store: createMemoryAlertStore(),
    slack,
    serial: createSerial(),
    clock,
    logger: silentLogger,
    executionUrlTemplate:
      options.executionUrlTemplate ?? 'https://app.example.com/executions/{executionId}',
    timezone: options.timezone ?? 'UTC',
  };
  let cycles = 0;
  for (let t = options.start; t < options.start + options.durationMs; t += options.intervalMs) {
    clock.set(t);
    await runAlertCycle(deps);
    cycles += 1;
    if (options.until?.(slack.calls)) break;
  }
  return { anchor, calls: slack.calls, cycles, statsCalls };
}
