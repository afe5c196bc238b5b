import { describe, expect, it } from 'vitest';
import {
  aggregate,
  quantile,
  type RunTruth,
  scoreRun,
} from '../../../../src/dev/alerts/eval-metrics.js';
import type { StreamEvent } from '../../../../src/dev/alerts/stream-replay.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 12);
const at = (minutes: number) => T0 + minutes * MIN;
const event = (minutes: number, kind: StreamEvent['kind'], sources: string[]): StreamEvent => ({
  at: at(minutes),
  kind,
  rule: 'r',
  sources,
});

// A disturbance of billing from minute 0 to minute 60, evaluated from -30 to 120, with a pause
// (a dip) from 40 to 50; alarms up to 15 min after the end still count as catching it.
const truth: RunTruth = {
  subject: 'billing',
  onset: at(0),
  end: at(60),
  graceMs: 15 * MIN,
  evalFrom: at(-30),
  evalTo: at(120),
  intervalMs: MIN,
  pauses: [[at(40), at(50)]],
  stuckFrom: at(100),
  real: true,
};

const events: StreamEvent[] = [
  event(-10, 'fire', ['crm-sync']), // false: another source
  event(4, 'fire', ['billing']), // caught after 4 evaluations
  event(5, 'update', ['billing']), // an edit: not a post
  event(20, 'resolve', ['billing', 'crm-sync']), // early: before minute 60
  event(30, 'reopen', ['billing']), // a re-fire
  event(35, 'join', ['shipping']), // false: another source
  event(70, 'resolve', ['billing']),
  event(80, 'fire', ['billing']), // false: after end + grace
  event(105, 'resolve', ['billing']), // resolved while stuck
];

describe('scoreRun', () => {
  it('computes every figure of a hand-made run', () => {
    const score = scoreRun(events, truth);
    expect(score.detected).toBe(true);
    expect(score.delayEvals).toBe(4);
    expect(score.newMessage).toBe(true);
    // crm-sync at -10, shipping at 35, billing at 80.
    expect(score.falseAlerts).toBe(3);
    expect(score.falseSubjects).toEqual(['billing', 'crm-sync', 'shipping']);
    // fire 4, resolve 20, reopen 30, resolve 70, fire 80, resolve 105 (not the update).
    expect(score.notifications).toBe(6);
    expect(score.earlyResolves).toBe(1);
    expect(score.refires).toBe(1);
    // Open 4–20, closed 20–30 (10 min), open 30–60; the pause 40–50 is open anyway.
    expect(score.silentMinutes).toBe(10);
    expect(score.stuckResolves).toBe(1);
    expect(score.evaluatedMs).toBe(150 * MIN);
  });

  it('counts a thread reply as the first alarm, and nothing as undetected', () => {
    const joined = scoreRun([event(7, 'join', ['billing'])], truth);
    expect(joined).toMatchObject({ detected: true, delayEvals: 7, newMessage: false });
    const none = scoreRun([], truth);
    expect(none).toMatchObject({ detected: false, delayEvals: null, notifications: 0 });
  });
});

describe('aggregate', () => {
  it('adds runs up: detection, delays, false alerts per 30 days, posts per incident', () => {
    const quiet: RunTruth = { ...truth, subject: null, real: false };
    const scores = [
      scoreRun(events, truth),
      scoreRun([event(9, 'fire', ['billing'])], { ...truth, real: false }),
      scoreRun([], truth),
      scoreRun([event(3, 'fire', ['x'])], quiet),
    ];
    const figures = aggregate(scores, [truth, { ...truth, real: false }, truth, quiet]);
    expect(figures.runs).toBe(4);
    expect(figures.disturbed).toBe(3);
    expect(figures.detected).toBe(2);
    expect(figures.real).toBe(2);
    expect(figures.realDetected).toBe(1);
    expect(figures.delayMedian).toBe(4);
    expect(figures.delayP90).toBe(9);
    expect(figures.falseAlerts).toBe(4);
    // 4 runs of 150 min = 600 min = 5/12 of a day; 4 false alerts -> 9.6 a day -> 288 a month.
    expect(figures.falsePerMonth).toBeCloseTo(288, 6);
    // Distinct false subjects per run (3 + 0 + 0 + 1) per day.
    expect(figures.falseSubjectsPerDay).toBeCloseTo(4 / (600 / 1440), 6);
    expect(figures.notificationsPerIncident).toBe((6 + 1) / 2);
    expect(figures.newMessageShare).toBe(1);
    expect(figures.earlyResolves).toBe(1);
    expect(figures.refires).toBe(1);
  });

  it('takes quantiles by nearest rank', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.9)).toBe(4);
    expect(quantile([5], 0.9)).toBe(5);
  });
});
