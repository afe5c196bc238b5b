import {
  dayNumber,
  formatCivilDate,
  formatCivilDateTime,
  isValidCivilDate,
  isValidTimeOfDay,
  MAX_YEAR,
  MIN_YEAR,
  wallMinutesBetween,
} from './civil.js';
import { type CivilDate, type CivilDateTime, MAX_WINDOW_DAYS, type WindowSpec } from './window.js';

/**
 * WINDOW words of `/exec-stats` (and of digest config) parsed without a zone or a clock: syntax,
 * calendar validity and length only. Turning a spec into instants is window-resolve.ts's job.
 * Every failure reason is one sentence that quotes the word as the user typed it.
 */

export type WindowSpecResult =
  | { readonly ok: true; readonly spec: WindowSpec }
  | { readonly ok: false; readonly reason: string };

type CalendarName = Extract<WindowSpec, { kind: 'calendar' }>['name'];

export const CALENDAR_WINDOWS: readonly CalendarName[] = [
  'today',
  'yesterday',
  'this-week',
  'last-week',
  'this-month',
  'last-month',
];

const UNIT_MINUTES = { m: 1, h: 60, d: 1440 } as const;
const MAX_MINUTES = MAX_WINDOW_DAYS * 1440;

const RELATIVE = /^(\d+)([mhd])$/;
const NUMBER_WITH_OTHER_UNIT = /^[+-]?\d+(?:[.,]\d+)?[a-z]*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})t(\d{2}):(\d{2})$/;

/** The word in a code span, shortened, with backticks that would close the span replaced. */
const quote = (word: string) =>
  `\`${(word.length > 60 ? `${word.slice(0, 59)}…` : word).replaceAll('`', "'")}\``;

const fail = (reason: string): WindowSpecResult => ({ ok: false, reason });

/** Parses one WINDOW word, case-insensitively. */
export function parseWindowSpec(word: string): WindowSpecResult {
  const text = word.trim().toLowerCase();
  const shown = quote(word.trim());
  const parsed = parseSyntax(text, shown);
  if (!parsed.ok) return parsed;
  const problem = windowSpecProblem(parsed.spec);
  return problem === null ? parsed : fail(`${shown} ${problem}`);
}

function parseSyntax(text: string, shown: string): WindowSpecResult {
  const calendar = CALENDAR_WINDOWS.find((name) => name === text);
  if (calendar) return { ok: true, spec: { kind: 'calendar', name: calendar } };

  const relative = RELATIVE.exec(text);
  if (relative) {
    // More than 15 significant digits cannot be exact; it is far too long anyway, so clamp.
    const digits = (relative[1] ?? '').replace(/^0+(?=\d)/, '');
    const amount = digits.length > 15 ? Number.MAX_SAFE_INTEGER : Number(digits);
    const unit = relative[2] as keyof typeof UNIT_MINUTES;
    return { ok: true, spec: { kind: 'relative', amount, unit } };
  }
  if (NUMBER_WITH_OTHER_UNIT.test(text)) {
    return fail(
      `${shown} is not a window: use a whole number of minutes, hours or days, like \`15m\`, \`6h\` or \`7d\``,
    );
  }

  const misspelt = /^(this|last)[_ ]?(week|month)$/.exec(text);
  if (misspelt)
    return fail(`${shown} is not a window: did you mean \`${misspelt[1]}-${misspelt[2]}\`?`);

  if (text.includes('..')) return parseRange(text, shown);
  if (DATE.test(text)) {
    return fail(`${shown} is a single date: write a range, like \`${text}..${text}\` for that day`);
  }
  if (DATE_TIME.test(text)) {
    return fail(
      `${shown} has no end: write \`FROM..TO\`, like \`2026-11-01T09:00..2026-11-01T17:30\``,
    );
  }
  return fail(
    `${shown} is not a window: try \`24h\`, \`yesterday\`, \`last-week\` or \`2026-11-01..2026-11-07\``,
  );
}

function parseRange(text: string, shown: string): WindowSpecResult {
  const parts = text.split('..');
  const [left = '', right = ''] = parts;
  if (parts.length !== 2) return fail(`${shown} is not a range: write \`FROM..TO\` once`);

  const dates = [DATE.exec(left), DATE.exec(right)];
  const times = [DATE_TIME.exec(left), DATE_TIME.exec(right)];
  const [startDate, endDate] = dates;
  const [startTime, endTime] = times;

  if (startDate && endDate) {
    const start = civilDate(startDate);
    const end = civilDate(endDate);
    const bad = [start, end].find((d) => !isValidCivilDate(d));
    if (bad) return fail(`${shown} has a date that does not exist: ${formatCivilDate(bad)}`);
    return { ok: true, spec: { kind: 'dates', start, end } };
  }
  if (startTime && endTime) {
    const start = civilDateTime(startTime);
    const end = civilDateTime(endTime);
    const bad = [start, end].find((d) => !isValidCivilDate(d));
    if (bad) return fail(`${shown} has a date that does not exist: ${formatCivilDate(bad)}`);
    const badTime = [start, end].find((d) => !isValidTimeOfDay(d.hour, d.minute));
    if (badTime) {
      return fail(
        `${shown} has a time of day that does not exist: ${pad(badTime.hour)}:${pad(badTime.minute)} (use 00:00 to 23:59)`,
      );
    }
    return { ok: true, spec: { kind: 'datetimes', start, end } };
  }
  if ((startDate || startTime) && (endDate || endTime)) {
    return fail(`${shown} mixes a date and a date with a time: write both ends the same way`);
  }
  return fail(
    `${shown} is not a range: write \`YYYY-MM-DD..YYYY-MM-DD\` or \`YYYY-MM-DDTHH:mm..YYYY-MM-DDTHH:mm\``,
  );
}

/**
 * What is wrong with a spec, as the end of a sentence that starts with the word, or null. Shared
 * with window-resolve.ts so that a spec built in code is held to the same rules as a typed one.
 */
export function windowSpecProblem(spec: WindowSpec): string | null {
  switch (spec.kind) {
    case 'calendar':
      return null;
    case 'relative': {
      if (!Number.isSafeInteger(spec.amount) || spec.amount < 0) return 'is not a whole number';
      if (spec.amount === 0) return 'is an empty window: use a positive number, like `6h`';
      return spec.amount * UNIT_MINUTES[spec.unit] > MAX_MINUTES ? tooLong() : null;
    }
    case 'dates': {
      if (!isValidCivilDate(spec.start) || !isValidCivilDate(spec.end))
        return 'has a date that does not exist';
      if (!inYearRange(spec.start) || !inYearRange(spec.end)) return yearsOutOfRange();
      const days = dayNumber(spec.end) - dayNumber(spec.start) + 1;
      if (days < 1) return 'starts after it ends';
      return days > MAX_WINDOW_DAYS ? tooLong() : null;
    }
    case 'datetimes': {
      const valid = (d: CivilDateTime) => isValidCivilDate(d) && isValidTimeOfDay(d.hour, d.minute);
      if (!valid(spec.start) || !valid(spec.end)) return 'has a date or time that does not exist';
      if (!inYearRange(spec.start) || !inYearRange(spec.end)) return yearsOutOfRange();
      const minutes = wallMinutesBetween(spec.start, spec.end);
      if (minutes < 0) return 'starts after it ends';
      if (minutes === 0) return 'is an empty window: it ends when it starts';
      return minutes > MAX_MINUTES ? tooLong() : null;
    }
  }
}

/** The canonical text of a spec, which parseWindowSpec reads back to the same spec. */
export function formatWindowSpec(spec: WindowSpec): string {
  switch (spec.kind) {
    case 'relative':
      return `${spec.amount}${spec.unit}`;
    case 'calendar':
      return spec.name;
    case 'dates':
      return `${formatCivilDate(spec.start)}..${formatCivilDate(spec.end)}`;
    case 'datetimes':
      return `${formatCivilDateTime(spec.start)}..${formatCivilDateTime(spec.end)}`;
  }
}

/**
 * Whether a word that is not a valid window was probably meant as one (it starts with a number or
 * a sign, holds `..`, or reads like a calendar name), so a command parser can report the window's
 * own reason instead of "unknown word".
 */
export function looksLikeWindow(word: string): boolean {
  const text = word.trim().toLowerCase();
  return (
    /^[+-]?\d/.test(text) ||
    text.includes('..') ||
    /^(this|last|next)[-_ ]?(week|month|day|year)$/.test(text)
  );
}

const tooLong = () => `is longer than the ${MAX_WINDOW_DAYS} days the bot can show`;
const yearsOutOfRange = () => `is outside the years ${MIN_YEAR} to ${MAX_YEAR}`;
const inYearRange = (d: CivilDate) => d.year >= MIN_YEAR && d.year <= MAX_YEAR;
const pad = (n: number) => String(n).padStart(2, '0');

function civilDate(m: RegExpExecArray): CivilDate {
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function civilDateTime(m: RegExpExecArray): CivilDateTime {
  return { ...civilDate(m), hour: Number(m[4]), minute: Number(m[5]) };
}
