import { fixedClock } from '../clock.js';
import { WEEKDAY_BUSY_HOUR } from '../dev/simulator/scenarios.js';
import { createSimulatedStatsSource } from '../dev/simulator/simulated-source.js';
import type { StatsSource } from '../stats/types.js';
import { readerZone } from '../time/env-zone.js';
import type { CliIo } from './io.js';

/** The seed every part of the demo uses, so the reply, the digest and the alert tell one story. */
export const DEMO_SEED = 42;

export const DEMO_EXECUTION_URL = 'https://app.example.com/executions/{executionId}';

const MINUTE = 60_000;

/**
 * How long before "now" the demo's spike in billing began. The spike lasts 30 minutes and the
 * example rule sees its recovery about 10–20 minutes after it ends, so 75 minutes puts the whole
 * incident (fire, updates, recovery) before "now": the demo never prints a time from the future.
 */
export const DEMO_SPIKE_LEAD_MS = 75 * MINUTE;

/**
 * The demo's one story, all placed relative to `now` (whole minutes, as the alert cycle runs):
 * a failure spike in billing that began DEMO_SPIKE_LEAD_MS ago, played with a weekday's busy
 * traffic whatever the hour and weekday the demo runs at, so the alert fires and recovers at
 * every start (a test runs it at every hour of a week).
 */
export interface DemoWorld {
  readonly now: number;
  /** When the spike began. */
  readonly anchor: number;
  readonly trafficAt: number;
  readonly stats: StatsSource;
}

export function demoWorld(now: number): DemoWorld {
  const anchor = Math.floor(now / MINUTE) * MINUTE - DEMO_SPIKE_LEAD_MS;
  const trafficAt = WEEKDAY_BUSY_HOUR;
  const stats = createSimulatedStatsSource({
    seed: DEMO_SEED,
    scenario: 'spike',
    anchor,
    trafficAt,
    clock: fixedClock(now),
  });
  return { now, anchor, trafficAt, stats };
}

/**
 * The reader's zone (TZ, else the machine's), so the demo's times read as local ones. An unusable
 * TZ is not fatal: UTC, and a warning on stderr. Called once per demo, so the warning is said once.
 */
export function demoTimeZone(io: CliIo): string {
  const { zone, warning } = readerZone(io.env);
  if (warning !== null) io.err(`exec-stats: ${warning}\n`);
  return zone;
}
