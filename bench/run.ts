import { processIo } from '../src/cli/io.js';
import { runReplay } from '../src/cli/replay.js';
import { measureAckLatency } from './ack-latency.js';
import { measureAlertEvaluation } from './alert-evaluation.js';
import { measureAlertStateBackends } from './alert-state-backends.js';
import { measureBigBodyLatency } from './big-body-latency.js';
import { measureBigResponses } from './big-responses.js';
import { measureChartRender } from './chart-render.js';
import { measureMemory } from './memory.js';
import { measureReplicas } from './replicas.js';
import { printTable, type Verdict, verdictCell } from './table.js';
import { measureUpstreamCalls } from './upstream-calls.js';
import { startBenchWorld } from './world.js';

/**
 * `npm run bench` (full, a few minutes) and `npm run bench -- --quick` (every measurement with
 * small loads, for CI). Every figure is compared with a baseline measured in the same run, because
 * the machine is shared and noisy. Exits 0 whatever the verdicts: a MISS is a finding to read in
 * the table; only a broken harness exits non-zero. See bench/README.md.
 */

const quick = process.argv.includes('--quick');

const PLAN = quick
  ? {
      loads: [50],
      roundsPerLoad: 1,
      sizes: [100, 1_000],
      runs: 3,
      cycles: 2,
      commands: 300,
      bigWindows: [3],
      chartRuns: 5,
      replicaLoads: [50],
      replicaRounds: 1,
    }
  : {
      loads: [50, 200, 500],
      roundsPerLoad: 4,
      sizes: [100, 1_000, 10_000, 100_000],
      runs: 15,
      cycles: 10,
      commands: 10_000,
      bigWindows: [10, 30],
      chartRuns: 30,
      replicaLoads: [50, 100],
      replicaRounds: 2,
    };

async function main(): Promise<void> {
  const started = performance.now();
  const mode = quick ? 'quick' : 'full';
  console.log(`# exec-stats bench (${mode}), ${new Date().toISOString()}, node ${process.version}`);
  const verdicts: Verdict[] = [];
  const world = await startBenchWorld();
  try {
    const [bot, bare] = await Promise.all([world.startApp('bot'), world.startApp('bare')]);
    const acks = await measureAckLatency(world, { bot, bare }, PLAN);
    verdicts.push(...acks.verdicts);
    verdicts.push(...(await measureUpstreamCalls(world, bot, PLAN.loads, acks.identicalCalls)));
    await Promise.all([bot.stop(), bare.stop()]);
    verdicts.push(...(await measureBigResponses(PLAN.sizes, PLAN.runs)));
    verdicts.push(...(await measureAlertEvaluation(PLAN.cycles)));
    verdicts.push(...(await measureAlertStateBackends(PLAN.cycles)));
    verdicts.push(...(await measureMemory(world, PLAN.commands)));
    verdicts.push(...(await measureBigBodyLatency(world, PLAN)));
    verdicts.push(...(await measureChartRender(PLAN.chartRuns)));
    verdicts.push(...(await measureReplicas(world, PLAN)));
  } finally {
    await world.close();
  }
  printTable(
    'Summary',
    ['measurement', 'target', 'verdict'],
    verdicts.map((v) => [v.measurement, v.target, verdictCell(v.pass)]),
  );
  const missed = verdicts.filter((v) => !v.pass).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n${verdicts.length - missed} PASS, ${missed} MISS in ${seconds} s`);
}

/**
 * `npm run bench -- alerts [--quick] [--set NAME] [--family NAMES]`: the alert evaluation suite
 * (detection, false alerts, delays; docs/alert-evaluation.md), the same as `exec-stats replay
 * --eval`. It measures quality, not speed, so it is not part of the plan above.
 */
async function alertSuite(args: readonly string[]): Promise<number> {
  return runReplay(['--eval', ...args], processIo());
}

const run = process.argv[2] === 'alerts' ? alertSuite(process.argv.slice(3)) : main();
run.then(
  (code) => process.exit(typeof code === 'number' ? code : 0),
  (error: unknown) => {
    console.error('bench harness failed:', error);
    process.exit(1);
  },
);
