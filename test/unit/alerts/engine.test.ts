import { describe, expect, it } from 'vitest';
import { acknowledge, mute } from '../../../src/alerts/acks-and-mutes.js';
import { OVERALL } from '../../../src/messages/alert-view.js';
import { billing, rule, stats } from './fixtures.js';
import { incidentAt, MINUTE, T0, trace } from './trace.js';

const key = (id: string, part: string) => `alert:spike:${id}:${part}`;
const at = (step: number) => T0 + step * MINUTE;

describe('evaluateRule: traces', () => {
  it('a spike fires once after `for` breaching evaluations, keeps the root up to date, and recovers with hysteresis', () => {
    const { lines } = trace(rule({ for: 2 }), [
      { window: billing(1, 50) }, // 2%: ok
      { window: billing(10, 40) }, // 25%: pending
      { window: billing(12, 40) }, // 30%: fires
      { window: billing(12, 40) }, // same figures: nothing to say
      { window: billing(6, 40) }, // 15%: below the trigger but above recoverRate: still firing
      { window: billing(3, 40) }, // 7.5%: calm 1
      // 2.5%: calm 2, and clear evidence of a rate well below 20% -> recovered without waiting
      // for the window to slide past the breach (engine-evidence.test.ts)
      { window: billing(1, 40) },
      { window: billing(1, 40) }, // ok
    ]);
    const id = incidentAt(2);
    expect(lines).toEqual([
      [],
      [],
      [`open ${key(id, 'root')}`],
      [],
      [`update ${key(id, `update:${at(4)}`)}`],
      [`update ${key(id, `update:${at(5)}`)}`],
      [`resolved ${key(id, `resolved:${at(6)}`)}`],
      [],
    ]);
  });

  it('a slow degradation fires when the rate has crossed the threshold `for` times in a row', () => {
    const rates = [2, 4, 6, 7, 7, 9, 11]; // failures of 50
    const { lines } = trace(
      rule({ for: 2 }),
      rates.map((f) => ({ window: billing(f, 50) })),
    );
    // 7/50 = 14% is below 20% by more than sampling noise (the rate test allows 2 standard
    // errors, at most a fifth of the rate: down to 16%); 9/50 = 18% is the first breach, 11/50
    // the second.
    expect(lines.map((l) => l.map((s) => s.split(' ')[0]))).toEqual([
      [],
      [],
      [],
      [],
      [],
      [],
      ['open'],
    ]);
  });

  it('low-volume noise never fires: 2 failures of 3 is 67% but below minFailures', () => {
    const { lines, state } = trace(
      rule(),
      Array.from({ length: 30 }, () => ({ window: billing(2, 3) })),
    );
    expect(lines.flat()).toEqual([]);
    expect(state.subjects[OVERALL]?.status).toBe('ok');
  });

  it('flapping around the threshold fires once and does not resolve while the rate stays above recoverRate', () => {
    // 25%, 15%, 25%, 15%…: with for 1 it fires at the first 25%; 15% is above recoverRate (10%).
    const steps = Array.from({ length: 12 }, (_, i) => ({
      window: billing(i % 2 === 0 ? 10 : 6, 40),
    }));
    const { lines } = trace(rule(), steps);
    const kinds = lines.flat().map((s) => s.split(' ')[0]);
    expect(kinds.filter((k) => k === 'open')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'resolved')).toHaveLength(0);
    expect(lines[0]).toEqual([`open ${key(incidentAt(0), 'root')}`]);
  });

  it('flapping with `for: 2` never fires: no two breaching evaluations in a row', () => {
    const steps = Array.from({ length: 12 }, (_, i) => ({
      window: billing(i % 2 === 0 ? 10 : 6, 40),
    }));
    expect(trace(rule({ for: 2 }), steps).lines.flat()).toEqual([]);
  });

  it('reminds at most once per renotify, and not at all once acknowledged', () => {
    const r = rule({ renotifyMs: 3 * MINUTE });
    const firing = { window: billing(10, 40) };
    const id = incidentAt(0);
    const { lines } = trace(r, [
      firing,
      firing,
      firing,
      firing, // 3 minutes after the root: reminder
      firing,
      { ...firing, before: (s) => acknowledge(s, id, 'U0ALICE').state },
      firing,
      firing,
      firing,
      { window: billing(0, 40) }, // recovers even though acknowledged
    ]);
    expect(lines).toEqual([
      [`open ${key(id, 'root')}`],
      [],
      [],
      [`renotify ${key(id, `renotify:${at(3)}`)} [${OVERALL}]`],
      [],
      [],
      [],
      [],
      [],
      [`resolved ${key(id, `resolved:${at(9)}`)}`],
    ]);
  });

  it('a muted rule is evaluated but silent, and speaks when the mute ends while it still fires', () => {
    const firing = { window: billing(10, 40) };
    const { lines, state } = trace(rule(), [
      { ...firing, before: (s, now) => mute(s, [OVERALL], now + 2 * MINUTE, 'U0BOB', now).state },
      firing,
      firing, // the mute has ended
    ]);
    expect(lines).toEqual([[], [], [`open ${key(incidentAt(0), 'root')}`]]);
    expect(state.subjects[OVERALL]?.firingSince).toBe(at(0));
  });

  it('an incident that recovers silently while muted is never announced', () => {
    const { lines } = trace(rule(), [
      {
        window: billing(10, 40),
        before: (s, now) => mute(s, [OVERALL], now + 60 * MINUTE, 'U0BOB', now).state,
      },
      { window: billing(0, 40) },
    ]);
    expect(lines.flat()).toEqual([]);
  });

  it('per source: sources breaching together share one message; one breaching later joins its thread', () => {
    const r = rule({ scope: 'per-source', name: 'spike' });
    const { lines } = trace(r, [
      { window: stats({ billing: [10, 40], crm: [8, 30], shipping: [0, 50] }) },
      { window: stats({ billing: [10, 40], crm: [8, 30], shipping: [12, 50] }) },
      { window: stats({ billing: [0, 40], crm: [0, 30], shipping: [0, 50] }) },
    ]);
    const id = incidentAt(0);
    expect(lines).toEqual([
      [`open ${key(id, 'root')}`],
      [`update ${key(id, `update:${at(1)}`)}`, `joined ${key(id, `joined:${at(1)}`)} [shipping]`],
      [`resolved ${key(id, `resolved:${at(2)}`)}`],
    ]);
  });

  it('firing again soon after recovering reopens the same incident in its thread', () => {
    const { lines } = trace(rule(), [
      { window: billing(10, 40) },
      { window: billing(0, 40) },
      { window: billing(10, 40) },
    ]);
    const id = incidentAt(0);
    expect(lines).toEqual([
      [`open ${key(id, 'root')}`],
      [`resolved ${key(id, `resolved:${at(1)}`)}`],
      [
        `update ${key(id, `update:${at(2)}`)}`,
        `reopened ${key(id, `reopened:${at(2)}`)} [${OVERALL}]`,
      ],
    ]);
  });

  it('firing again after renotify has passed since the recovery is a new incident', () => {
    const r = rule({ renotifyMs: 2 * MINUTE });
    const { lines } = trace(r, [
      { window: billing(10, 40) },
      { window: billing(0, 40) },
      { window: billing(0, 40) },
      { window: billing(0, 40) },
      { window: billing(10, 40) },
    ]);
    expect(lines[4]).toEqual([`open ${key(incidentAt(4), 'root')}`]);
  });

  it('an overall rule with sources adds up only those sources', () => {
    const r = rule({ sources: ['Billing'] });
    const { lines, state } = trace(r, [{ window: stats({ billing: [10, 40], crm: [0, 1000] }) }]);
    expect(lines[0]).toEqual([`open ${key(incidentAt(0), 'root')}`]);
    expect(state.subjects[OVERALL]?.last).toMatchObject({ failed: 10, terminal: 40 });
  });
});

describe('evaluateRule: baseline', () => {
  const withBaseline = rule({
    baseline: { windowMs: 24 * 60 * MINUTE, factor: 3, significance: 0.001 },
  });

  it.each([
    // 30% now against 2% before: far above 3× and very unlikely at 2% -> fires.
    { now: [12, 40], before: [20, 1000], fires: true },
    // 30% now against 25% before: not 3× the usual rate.
    { now: [12, 40], before: [250, 1000], fires: false },
    // 5 of 10 (50%) against 10%: 5× the rate but P(X ≥ 5 | 10, 0.1) ≈ 0.0016 > 0.001.
    { now: [5, 10], before: [100, 1000], fires: false },
    // An empty baseline is smoothed to 50%, not 0: 30% is not 3× that.
    { now: [12, 40], before: [0, 0], fires: false },
  ])('now $now against baseline $before: fires $fires', ({ now, before, fires }) => {
    const { lines } = trace(withBaseline, [
      {
        window: billing(now[0] ?? 0, now[1] ?? 0),
        baseline: billing(before[0] ?? 0, before[1] ?? 0),
      },
    ]);
    expect(lines[0]?.length === 1).toBe(fires);
  });

  it('records the smoothed baseline rate and the p-value', () => {
    const { state } = trace(withBaseline, [
      { window: billing(12, 40), baseline: billing(20, 1000) },
    ]);
    const last = state.subjects[OVERALL]?.last;
    expect(last?.baselineRate).toBeCloseTo(21 / 1002, 12);
    expect(last?.pValue).toBeGreaterThan(0);
    expect(last?.pValue).toBeLessThan(1e-6);
  });
});
