import { fixedClock } from '../clock.js';
import { createSimulatedStatsSource } from '../stats/simulator/simulated-source.js';
import type { StatsSource } from '../stats/types.js';
import type { CliIo } from './io.js';

/** The seed every part of the demo uses, so the reply, the digest and the alert tell one story. */
export const DEMO_SEED = 42;

export const DEMO_EXECUTION_URL = 'https://app.example.com/executions/{executionId}';

/** The reader's zone (TZ, else the machine's), so the demo's times read as local ones. */
export function demoTimeZone(io: CliIo): string {
  return io.env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** The simulator at `now`, playing a failure spike in billing that began 20 minutes before. */
export function demoStatsSource(now: number): StatsSource {
  return createSimulatedStatsSource({
    seed: DEMO_SEED,
    scenario: 'spike',
    anchor: now - 20 * 60_000,
    clock: fixedClock(now),
  });
}
