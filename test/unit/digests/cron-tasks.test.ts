import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CronSchedule, parseCronSchedule } from '../../../src/digests/cron.js';
import { createCronTasks } from '../../../src/digests/cron-tasks.js';
import { silentLogger } from '../../../src/logging/logger.js';

/**
 * The digests' timer (cron-tasks.ts) with faked timers and Date: it fires the runs the cron
 * module names, through clock changes, and a clock that jumps either way neither loses a run
 * silently nor fires one twice. Every instant is fixed.
 */

function schedule(expression: string, zone: string): CronSchedule {
  const parsed = parseCronSchedule(expression, zone);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.schedule;
}

const iso = (ms: number) => new Date(ms).toISOString();
const clock = { now: () => Date.now() };
const quiet = silentLogger;

function tasksAt(start: string) {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: Date.parse(start) });
  const due: string[] = [];
  const missed: string[] = [];
  const tasks = createCronTasks(
    {
      onDue: (id, slot) => due.push(`${id} ${iso(slot)}`),
      onMissed: (id, slot) => missed.push(`${id} ${iso(slot)}`),
    },
    quiet,
    clock,
  );
  return { tasks, due, missed };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the digests’ timer', () => {
  it('Berlin 02:30 through spring-forward: the 29th’s run at 03:00 CEST (issue 15, case 2)', async () => {
    const { tasks, due, missed } = tasksAt('2026-03-27T12:00:00Z');
    tasks.add('d', schedule('30 2 * * *', 'Europe/Berlin'));
    await vi.advanceTimersByTimeAsync(3 * 86_400_000);
    await tasks.stopAll();
    expect(due).toEqual([
      'd 2026-03-28T01:30:00.000Z',
      'd 2026-03-29T01:00:00.000Z',
      'd 2026-03-30T00:30:00.000Z',
    ]);
    expect(missed).toEqual([]);
  });

  it('started at 02:30 CEST on 2026-10-25 (first pass): fires the 26th next, the 25th is catch-up’s (case 3)', async () => {
    const { tasks, due } = tasksAt('2026-10-25T00:30:00Z');
    tasks.add('d', schedule('0 2 * * *', 'Europe/Berlin'));
    await vi.advanceTimersByTimeAsync(2 * 86_400_000 + 3_600_000);
    await tasks.stopAll();
    expect(due).toEqual(['d 2026-10-26T01:00:00.000Z', 'd 2026-10-27T01:00:00.000Z']);
  });

  it('Santiago 23:50 through its repeated 23:xx hour: once, the first pass (case 1)', async () => {
    const { tasks, due } = tasksAt('2026-04-04T12:00:00Z');
    tasks.add('d', schedule('50 23 * * *', 'America/Santiago'));
    await vi.advanceTimersByTimeAsync(2 * 86_400_000);
    await tasks.stopAll();
    expect(due).toEqual(['d 2026-04-05T02:50:00.000Z', 'd 2026-04-06T03:50:00.000Z']);
  });

  it('`0 0 1 * wed`: the 1st and every Wednesday (case 4)', async () => {
    const { tasks, due } = tasksAt('2026-04-27T00:00:00Z');
    tasks.add('d', schedule('0 0 1 * wed', 'UTC'));
    await vi.advanceTimersByTimeAsync(10 * 86_400_000);
    await tasks.stopAll();
    expect(due).toEqual([
      'd 2026-04-29T00:00:00.000Z',
      'd 2026-05-01T00:00:00.000Z',
      'd 2026-05-06T00:00:00.000Z',
    ]);
  });

  it('a clock jumping forward over a run reports it missed within a minute', async () => {
    const { tasks, due, missed } = tasksAt('2026-11-28T08:00:00Z');
    tasks.add('d', schedule('0 9 * * *', 'UTC'));
    await vi.advanceTimersByTimeAsync(10_000);
    vi.setSystemTime(Date.parse('2026-11-28T11:00:00Z')); // the wall clock jumps; timers do not
    await vi.advanceTimersByTimeAsync(60_000);
    expect(missed).toEqual(['d 2026-11-28T09:00:00.000Z']);
    expect(due).toEqual([]);
    await tasks.stopAll();
  });

  it('a clock going back after a run does not fire it again', async () => {
    const { tasks, due } = tasksAt('2026-11-28T08:59:00Z');
    tasks.add('d', schedule('0 9 * * *', 'UTC'));
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(due).toEqual(['d 2026-11-28T09:00:00.000Z']);
    vi.setSystemTime(Date.parse('2026-11-28T08:30:00Z'));
    await vi.advanceTimersByTimeAsync(86_400_000 + 3_600_000);
    await tasks.stopAll();
    expect(due).toEqual(['d 2026-11-28T09:00:00.000Z', 'd 2026-11-29T09:00:00.000Z']);
  });

  it('removed, it fires nothing more; re-added, it starts from now', async () => {
    const { tasks, due } = tasksAt('2026-11-28T08:00:00Z');
    const s = schedule('*/30 * * * *', 'UTC');
    tasks.add('d', s);
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    tasks.remove('d');
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    tasks.add('d', s);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    await tasks.stopAll();
    expect(due).toEqual(['d 2026-11-28T08:30:00.000Z', 'd 2026-11-28T10:00:00.000Z']);
  });

  it('six fields: every 2 seconds, none lost, none twice', async () => {
    const { tasks, due } = tasksAt('2026-11-28T10:00:00.500Z');
    tasks.add('d', schedule('*/2 * * * * *', 'UTC'));
    await vi.advanceTimersByTimeAsync(10_000);
    await tasks.stopAll();
    expect(due).toEqual(
      [2, 4, 6, 8, 10].map((s) => `d 2026-11-28T10:00:${String(s).padStart(2, '0')}.000Z`),
    );
  });
});
