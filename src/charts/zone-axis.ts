import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/**
 * The time axis in the reader's zone. Vega formats times in UTC or in the process's zone only, so
 * the chart keeps real instants on a UTC scale (a day with a DST change is 23 or 25 hours wide, as
 * it was lived, with no overlapping or missing bars) and this module chooses the ticks and writes
 * their labels in the chart's zone: ticks fall on whole local hours or local midnights.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Tick steps tried, smallest first: minutes, hours, then days. */
const MINUTE_STEPS = [1, 5, 10, 15, 30] as const;
const HOUR_STEPS = [1, 2, 3, 6, 12] as const;
const DAY_STEPS = [1, 2, 7, 14, 28] as const;

export interface ZoneTicks {
  /** Tick positions, epoch ms. */
  readonly values: readonly number[];
  /** Label of each tick, keyed by its epoch ms as a string (what the spec's label lookup reads). */
  readonly labels: Readonly<Record<string, string>>;
}

/** At most `maxTicks` ticks between `from` and `to`, on whole local hours or local midnights. */
export function zoneTicks(from: number, to: number, timeZone: string, maxTicks: number): ZoneTicks {
  if (!(to > from)) return { values: [], labels: {} };
  const span = to - from;
  const minuteStep = MINUTE_STEPS.find((step) => span / (step * 60_000) <= maxTicks);
  if (minuteStep !== undefined) {
    const values = minuteTicks(from, to, timeZone, minuteStep);
    const labels: Record<string, string> = {};
    for (const value of values)
      labels[String(value)] = format(new TZDate(value, timeZone), 'HH:mm');
    return { values, labels };
  }
  const hourStep = HOUR_STEPS.find((step) => span / (step * HOUR_MS) <= maxTicks);
  const values =
    hourStep !== undefined
      ? hourTicks(from, to, timeZone, hourStep)
      : dayTicks(from, to, timeZone, DAY_STEPS.find((s) => span / (s * DAY_MS) <= maxTicks) ?? 28);
  const labels: Record<string, string> = {};
  for (const value of values) labels[String(value)] = tickLabel(value, timeZone, span, hourStep);
  return { values, labels };
}

/** Whole local minutes whose minute of the day is a multiple of `step`. */
function minuteTicks(from: number, to: number, timeZone: string, step: number): number[] {
  const ticks: number[] = [];
  for (let t = Math.ceil(from / 60_000) * 60_000; t <= to; t += 60_000) {
    const local = new TZDate(t, timeZone);
    if ((local.getHours() * 60 + local.getMinutes()) % step === 0) ticks.push(t);
  }
  return ticks;
}

/** Whole local hours whose hour of the day is a multiple of `step`. */
function hourTicks(from: number, to: number, timeZone: string, step: number): number[] {
  const first = new TZDate(from, timeZone);
  first.setMinutes(0, 0, 0);
  const ticks: number[] = [];
  // Real hours from the first local whole hour: offsets change by whole hours, so every instant
  // stepped to stays on a local whole hour, and a repeated or skipped hour is met as lived.
  for (let t = first.getTime(); t <= to; t += HOUR_MS) {
    if (t < from) continue;
    if (new TZDate(t, timeZone).getHours() % step === 0) ticks.push(t);
  }
  return ticks;
}

/** Local midnights, every `step` days counted from the first one in the window. */
function dayTicks(from: number, to: number, timeZone: string, step: number): number[] {
  const day = new TZDate(from, timeZone);
  day.setHours(0, 0, 0, 0);
  if (day.getTime() < from) day.setDate(day.getDate() + 1);
  const ticks: number[] = [];
  for (let i = 0; day.getTime() <= to; i++) {
    if (i % step === 0) ticks.push(day.getTime());
    day.setDate(day.getDate() + 1);
  }
  return ticks;
}

/** "14:00"; "Mon 30" at a midnight of a multi-day hourly axis; "Mon 30" or "30 Nov" on day axes. */
function tickLabel(
  value: number,
  timeZone: string,
  span: number,
  hourStep: number | undefined,
): string {
  const local = new TZDate(value, timeZone);
  const midnight = local.getHours() === 0 && local.getMinutes() === 0;
  if (hourStep !== undefined && !(midnight && span > DAY_MS)) return format(local, 'HH:mm');
  return span <= 14 * DAY_MS ? format(local, 'EEE d') : format(local, 'd MMM');
}

/** An instant in the chart's zone for the alt text and labels: "14:00", or "Mon 30 Nov 14:00". */
export function formatInZone(ms: number, timeZone: string, withDay: boolean): string {
  return format(new TZDate(ms, timeZone), withDay ? 'EEE d MMM HH:mm' : 'HH:mm');
}

/**
 * The x encoding of a time axis labelled in the chart's zone: Vega gets real instants on a UTC
 * scale, the ticks are ours (on whole local minutes, hours or midnights) and each label is looked
 * up in the spec's `tickLabels` parameter (`ticks.labels`), since Vega formats only in UTC or the
 * machine's zone.
 */
export function zoneTimeAxis(
  field: string,
  from: number,
  to: number,
  timeZone: string,
  ticks: ZoneTicks,
) {
  return {
    field,
    type: 'temporal',
    scale: { type: 'utc', domain: [from, to] },
    axis: {
      title: `Time (${timeZone})`,
      values: [...ticks.values],
      labelExpr: "tickLabels['' + time(datum.value)]",
      // Our ticks are few and spaced for the labels; Vega's overestimated widths would hide some.
      labelOverlap: false,
      grid: false,
    },
  } as const;
}
