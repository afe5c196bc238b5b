import type { StreamEvent } from './stream-replay.js';

/**
 * How the evaluation suite scores one run: given what a rule notified (StreamEvent) and what was
 * really going on in the stream (RunTruth), whether and how fast the disturbance was caught, what
 * it cost in notifications, and what fired that should not have. Pure: a unit test checks every
 * figure on a hand-made case.
 */

export interface RunTruth {
  /** The subject the disturbance is in (`*` for an overall rule); null when nothing is disturbed. */
  readonly subject: string | null;
  readonly onset: number;
  /** When the disturbance ends (its failures stop). */
  readonly end: number;
  /** An alarm this long after `end` still counts as catching it (the window still holds it). */
  readonly graceMs: number;
  readonly evalFrom: number;
  readonly evalTo: number;
  readonly intervalMs: number;
  /** Stretches inside the disturbance where it pauses (a dip): not counted as "silent". */
  readonly pauses?: readonly (readonly [number, number])[];
  /** From this instant nothing finishes at all (stuck traffic); a resolve after it is wrong. */
  readonly stuckFrom?: number;
  /** Whether this run is a "real spike" of the targets (else not in that rate). */
  readonly real?: boolean;
}

export interface RunScore {
  readonly detected: boolean;
  /** Evaluations from the onset to the first alarm; null when not detected. */
  readonly delayEvals: number | null;
  /** Whether the first alarm of the subject was a new top-level message (not a thread reply). */
  readonly newMessage: boolean | null;
  /** Alarms (fire, join, reopen) for anything but the disturbance: one per subject named. */
  readonly falseAlerts: number;
  /** The distinct subjects those false alarms named. */
  readonly falseSubjects: readonly string[];
  /** Posts about the disturbed subject from the onset on (fire, join, reopen, reminder, resolve). */
  readonly notifications: number;
  /** Resolves of the disturbed subject after its first alarm and before the disturbance ended. */
  readonly earlyResolves: number;
  /** Alarms of the disturbed subject after its first one, while it was still on (plus grace). */
  readonly refires: number;
  /** Minutes the disturbance was on, after the first alarm, with no open alarm for it. */
  readonly silentMinutes: number;
  /** Resolves after stuckFrom. */
  readonly stuckResolves: number;
  readonly evaluatedMs: number;
}

const ALARMS = new Set<StreamEvent['kind']>(['fire', 'join', 'reopen']);
const POSTS = new Set<StreamEvent['kind']>(['fire', 'join', 'reopen', 'reminder', 'resolve']);

export function scoreRun(events: readonly StreamEvent[], truth: RunTruth): RunScore {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const on = (at: number) => at >= truth.onset && at < truth.end + truth.graceMs;
  let first: StreamEvent | null = null;
  let falseAlerts = 0;
  const falseSubjects = new Set<string>();
  let notifications = 0;
  let earlyResolves = 0;
  let refires = 0;
  let stuckResolves = 0;
  for (const e of sorted) {
    const mine = truth.subject !== null && e.sources.includes(truth.subject);
    if (ALARMS.has(e.kind)) {
      for (const s of e.sources) {
        if (s === truth.subject && on(e.at)) continue;
        falseAlerts += 1;
        falseSubjects.add(s);
      }
      if (mine && on(e.at)) {
        if (first === null) first = e;
        else refires += 1;
      }
    }
    if (mine && e.at >= truth.onset && POSTS.has(e.kind)) notifications += 1;
    if (mine && e.kind === 'resolve' && first !== null && e.at < truth.end) earlyResolves += 1;
    if (e.kind === 'resolve' && truth.stuckFrom !== undefined && e.at >= truth.stuckFrom) {
      stuckResolves += 1;
    }
  }
  return {
    detected: first !== null,
    delayEvals: first === null ? null : Math.round((first.at - truth.onset) / truth.intervalMs),
    newMessage: first === null ? null : first.kind === 'fire',
    falseAlerts,
    falseSubjects: [...falseSubjects].sort(),
    notifications,
    earlyResolves,
    refires,
    silentMinutes: first === null ? 0 : silentMinutes(sorted, truth, first.at),
    stuckResolves,
    evaluatedMs: truth.evalTo - truth.evalFrom,
  };
}

/** Minutes in [firstAlarm, end), outside pauses, when the subject had no open alarm. */
function silentMinutes(events: readonly StreamEvent[], truth: RunTruth, from: number): number {
  const subject = truth.subject;
  if (subject === null) return 0;
  const changes = events
    .filter((e) => e.sources.includes(subject) && (ALARMS.has(e.kind) || e.kind === 'resolve'))
    .map((e) => ({ at: e.at, open: e.kind !== 'resolve' }));
  let silent = 0;
  const step = 60_000;
  for (let t = from; t < truth.end; t += step) {
    if ((truth.pauses ?? []).some(([a, b]) => t >= a && t < b)) continue;
    let open = false;
    for (const c of changes) {
      if (c.at > t) break;
      open = c.open;
    }
    if (!open) silent += 1;
  }
  return silent;
}

/** Figures of one case (many runs) as the suite's table shows them. */
export interface CaseFigures {
  readonly runs: number;
  readonly detected: number;
  /** Runs with a disturbance (detection is out of these). */
  readonly disturbed: number;
  readonly realDetected: number;
  readonly real: number;
  readonly delayMedian: number | null;
  readonly delayP90: number | null;
  /** False alarms per 30 days of evaluated time. */
  readonly falsePerMonth: number;
  readonly falseAlerts: number;
  /** Distinct false subjects per run, per day of evaluated time. */
  readonly falseSubjectsPerDay: number;
  readonly notificationsPerIncident: number | null;
  readonly newMessageShare: number | null;
  readonly earlyResolves: number;
  readonly refires: number;
  readonly silentMinutes: number;
  readonly stuckResolves: number;
}

const DAY_MS = 86_400_000;

export function aggregate(scores: readonly RunScore[], truths: readonly RunTruth[]): CaseFigures {
  const disturbed = truths.filter((t) => t.subject !== null).length;
  const detectedScores = scores.filter((s) => s.detected);
  const delays = detectedScores.map((s) => s.delayEvals ?? 0).sort((a, b) => a - b);
  const days = scores.reduce((sum, s) => sum + s.evaluatedMs, 0) / DAY_MS;
  const falseAlerts = scores.reduce((sum, s) => sum + s.falseAlerts, 0);
  const falseSubjects = scores.reduce((sum, s) => sum + s.falseSubjects.length, 0);
  const realIndexes = truths.flatMap((t, i) => (t.real === true ? [i] : []));
  const sum = (f: (s: RunScore) => number) => scores.reduce((total, s) => total + f(s), 0);
  return {
    runs: scores.length,
    detected: detectedScores.length,
    disturbed,
    real: realIndexes.length,
    realDetected: realIndexes.filter((i) => scores[i]?.detected === true).length,
    delayMedian: quantile(delays, 0.5),
    delayP90: quantile(delays, 0.9),
    falsePerMonth: days === 0 ? 0 : (falseAlerts / days) * 30,
    falseAlerts,
    falseSubjectsPerDay: days === 0 ? 0 : falseSubjects / days,
    notificationsPerIncident:
      detectedScores.length === 0
        ? null
        : detectedScores.reduce((total, s) => total + s.notifications, 0) / detectedScores.length,
    newMessageShare:
      detectedScores.length === 0
        ? null
        : detectedScores.filter((s) => s.newMessage === true).length / detectedScores.length,
    earlyResolves: sum((s) => s.earlyResolves),
    refires: sum((s) => s.refires),
    silentMinutes: sum((s) => s.silentMinutes),
    stuckResolves: sum((s) => s.stuckResolves),
  };
}

/** The q-quantile of sorted values (nearest rank); null when there are none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? null;
}
