import { describe, expect, it } from 'vitest';
import { planCatchUp } from '../../../src/digests/catch-up.js';
import {
  type CronSchedule,
  dueRuns,
  latestOccurrence,
  parseCronSchedule,
} from '../../../src/digests/cron.js';
import { planWake, type WakePlan } from '../../../src/digests/cron-tasks.js';

/**
 * Issue 15, "done when": a restart at any minute of a week that contains a clock change, in
 * America/Santiago and in Europe/Berlin, loses no digest and posts none twice. A pure simulation
 * of the feature over the run function. A process starts: catch-up at its start (as
 * `feature.start()` does), then its timer from the same instant (as `cron-tasks.ts` arms it),
 * waking at each next run (the real timer also wakes every minute in between: such a wake finds
 * no run and only moves `handledUpTo`, see "a wake" below). It is stopped at the restart minute;
 * the next process starts after a downtime (none, or 90 s). Every post goes through the run's
 * claim (the state DB's), so a run is posted at most once; the simulation checks that every run
 * of the week is posted (none lost), and that the timers of the two processes never fire the
 * same run (only catch-up may try a run again, and its claim answers "done").
 *
 * Fast by construction, not by sampling: the first process's life up to the restart is the same
 * for every restart minute (one chain of wakes, computed once, cut at the restart), and the
 * second process's timer joins that chain at its first on-time wake (same wake instant, same
 * runs handled: planWake is pure, so the rest is the chain's). Each restart minute simulates the
 * catch-up and the wakes until the join.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

function schedule(expression: string, zone: string): CronSchedule {
  const parsed = parseCronSchedule(expression, zone);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.schedule;
}

interface Step {
  readonly wakeAt: number;
  readonly handledBefore: number;
  readonly plan: WakePlan;
}

/** A process's timer from `start` (its first arming) until `stop` (exclusive), wake by wake. */
function* timer(s: CronSchedule, start: number, stop: number): Generator<Step, void, undefined> {
  let handled = start;
  let next = planWake(s, start, start).nextRun;
  while (next !== null && next < stop) {
    const plan = planWake(s, handled, next);
    yield { wakeAt: next, handledBefore: handled, plan };
    handled = plan.handledUpTo;
    next = plan.nextRun;
  }
}

interface Restarted {
  /** Runs posted over both lives (each through its claim). */
  readonly posted: ReadonlySet<number>;
  /** Runs the two timers both fired (should be none). */
  readonly firedTwice: readonly number[];
}

function restartAt(
  s: CronSchedule,
  chain: readonly Step[],
  chainIndex: ReadonlyMap<number, number>,
  firstSeen: number,
  start: number,
  end: number,
  restart: number,
  downMs: number,
): Restarted {
  const posted = new Set<number>();
  // store.lastRunAt: the latest run recorded; the bot ran before the week began.
  let lastRun: number | null = latestOccurrence(s, start);
  const record = (run: number) => {
    posted.add(run);
    lastRun = lastRun === null ? run : Math.max(lastRun, run);
  };
  const firedBy = new Map<number, 'first' | 'second'>();
  const firedTwice: number[] = [];
  const fire = (run: number, life: 'first' | 'second') => {
    if (firedBy.has(run)) firedTwice.push(run);
    firedBy.set(run, life);
    record(run); // the claim: a second attempt posts nothing
  };
  const catchUp = (now: number) => {
    const due = planCatchUp(s, { now, firstSeen, lastRun }).due;
    if (due !== null) record(due);
  };
  const apply = (step: Step, life: 'first' | 'second') => {
    if (step.plan.due !== null) fire(step.plan.due, life);
    if (step.plan.missed !== null) catchUp(step.wakeAt);
  };
  // First life: catch-up at the start, then the chain up to the restart.
  catchUp(start);
  for (const step of chain) {
    if (step.wakeAt >= restart) break;
    apply(step, 'first');
  }
  // Second life: catch-up, then its own wakes until they join the chain.
  const back = restart + downMs;
  catchUp(back);
  for (const step of timer(s, back, end + 1)) {
    const at = chainIndex.get(step.wakeAt);
    const joined = at === undefined ? undefined : chain[at];
    if (at !== undefined && joined?.handledBefore === step.handledBefore) {
      for (const rest of chain.slice(at)) apply(rest, 'second');
      break;
    }
    apply(step, 'second');
  }
  return { posted, firedTwice };
}

const WEEKS = [
  // Santiago: clocks back 2026-04-05T03:00Z (23:xx on the 4th twice); forward 2026-09-06T04:00Z.
  {
    zone: 'America/Santiago',
    from: '2026-04-01T12:00:00Z',
    expressions: ['50 23 * * *', '30 23 * * 6', '0 9 * * *', '*/30 * * * *', '0 0 * * *'],
  },
  {
    zone: 'America/Santiago',
    from: '2026-09-03T12:00:00Z',
    expressions: ['30 0 * * *', '50 23 * * *', '0 9 * * 1-5', '*/30 * * * *'],
  },
  // Berlin: forward 2026-03-29T01:00Z (02:xx does not exist); back 2026-10-25T01:00Z.
  {
    zone: 'Europe/Berlin',
    from: '2026-03-26T12:00:00Z',
    expressions: ['30 2 * * *', '0 2 * * *', '0 3 * * *', '0 9 * * 1-5', '*/30 * * * *'],
  },
  {
    zone: 'Europe/Berlin',
    from: '2026-10-22T12:00:00Z',
    expressions: ['30 2 * * *', '0 2 * * *', '30 2 * * sun', '0 9 * * 1-5', '*/30 * * * *'],
  },
];

const CASES = WEEKS.flatMap((week) =>
  week.expressions.flatMap((expression) =>
    [0, 90_000].map((downMs) => ({ ...week, expression, downMs })),
  ),
);

describe('a restart at any minute of a week with a clock change', () => {
  it.each(CASES)(
    '$expression in $zone, week from $from, down $downMs ms',
    ({ zone, from, expression, downMs }) => {
      const s = schedule(expression, zone);
      const start = Date.parse(from);
      const end = start + 7 * DAY;
      const firstSeen = start - 30 * DAY;
      const expected = dueRuns(s, start, end);
      expect(expected.length).toBeGreaterThan(0);
      const chain = [...timer(s, start, end + 1)];
      // Without a restart, the timer alone fires every run once, on time.
      expect(chain.map((step) => step.plan.due)).toEqual(expected);
      expect(chain.map((step) => step.wakeAt)).toEqual(expected);
      const chainIndex = new Map(chain.map((step, i) => [step.wakeAt, i]));
      let restarts = 0;
      for (let restart = start + MINUTE; restart < end; restart += MINUTE) {
        const result = restartAt(s, chain, chainIndex, firstSeen, start, end, restart, downMs);
        const extra = [...result.posted].filter((run) => run > start).length - expected.length;
        const lost = expected.some((run) => !result.posted.has(run));
        if (lost || extra !== 0 || result.firedTwice.length > 0) {
          const posted = [...result.posted].filter((run) => run > start).sort((a, b) => a - b);
          const iso = (runs: readonly number[]) => runs.map((run) => new Date(run).toISOString());
          expect({
            restart: new Date(restart).toISOString(),
            posted: iso(posted),
            firedTwice: iso(result.firedTwice),
          }).toEqual({
            restart: new Date(restart).toISOString(),
            posted: iso(expected),
            firedTwice: [],
          });
        }
        restarts += 1;
      }
      expect(restarts).toBe(7 * 24 * 60 - 1);
    },
  );

  it('runs one simulation per schedule, zone week and downtime', () => {
    expect(CASES).toHaveLength(38);
  });
});

describe('a wake', () => {
  const berlin = schedule('0 2 * * *', 'Europe/Berlin');
  const run = Date.parse('2026-10-25T00:00:00Z');

  it('between runs (the timer wakes at least every minute) fires nothing', () => {
    const plan = planWake(berlin, run, run + 30 * MINUTE);
    expect(plan).toMatchObject({ due: null, missed: null, handledUpTo: run + 30 * MINUTE });
    expect(plan.nextRun).toBe(Date.parse('2026-10-26T01:00:00Z'));
  });

  it('up to a minute late fires the run; later reports it missed (catch-up decides)', () => {
    expect(planWake(berlin, run - MINUTE, run + MINUTE)).toMatchObject({ due: run, missed: null });
    expect(planWake(berlin, run - MINUTE, run + MINUTE + 1)).toMatchObject({
      due: null,
      missed: run,
    });
  });

  it('after the clock went back fires nothing again and keeps what was handled', () => {
    expect(planWake(berlin, run + MINUTE, run - 10 * MINUTE)).toMatchObject({
      due: null,
      missed: null,
      handledUpTo: run + MINUTE,
      nextRun: Date.parse('2026-10-26T01:00:00Z'),
    });
  });

  it('after a jump over several runs fires the latest and counts the others', () => {
    const every30 = schedule('*/30 * * * *', 'Europe/Berlin');
    const plan = planWake(every30, run - 90 * MINUTE, run + 10_000);
    expect(plan).toMatchObject({ due: run, superseded: 2 });
  });
});
