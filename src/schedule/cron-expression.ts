import { parse } from 'node-cron';

/**
 * What a cron expression is, below config and digests (both read it here): the config's friendly
 * syntax check, then node-cron 4's own parser, whose expanded fields the schedule engine
 * (cron-runs.ts) reads. 5 fields (minute hour day month weekday) or 6 with seconds first; `L`,
 * `W` and `#` are refused. When both day fields are restricted, a day matches when either does
 * (Vixie cron's rule, not node-cron's): see `restrictsBothDays`.
 */

export interface CronFields {
  readonly second: readonly number[];
  readonly minute: readonly number[];
  readonly hour: readonly number[];
  readonly dayOfMonth: readonly number[];
  readonly month: readonly number[];
  /** 0 = Sunday … 6 = Saturday (7 already folded into 0). */
  readonly dayOfWeek: readonly number[];
}

export type CronExpressionResult =
  | { readonly ok: true; readonly fields: CronFields }
  | { readonly ok: false; readonly reason: string };

/** The expression as node-cron parses it (names, ranges and steps expanded), or why it cannot run. */
export function parseCronExpression(expression: string): CronExpressionResult {
  let raw: ReturnType<typeof parse>;
  try {
    raw = parse(expression.trim());
  } catch (error) {
    return {
      ok: false,
      reason: `"${expression}" is not a valid cron: ${(error as Error).message}`,
    };
  }
  const fields = {
    second: numbers(raw.second),
    minute: numbers(raw.minute),
    hour: numbers(raw.hour),
    dayOfMonth: numbers(raw.dayOfMonth),
    month: numbers(raw.month),
    dayOfWeek: numbers(raw.dayOfWeek),
  };
  if (Object.values(fields).some((values) => values === null)) {
    return { ok: false, reason: `"${expression}" uses L, W or # which digests do not support` };
  }
  return { ok: true, fields: fields as CronFields };
}

/**
 * Day of month and day of week both restricted (neither written `*` or `?`, e.g. `0 0 1 * wed`):
 * a day matches when EITHER does, as in Vixie cron, cronie, croniter and cron-parser (the 1st and
 * every Wednesday); node-cron requires both. Tools disagree on this form, so check-config and the
 * subscription replies warn about it.
 */
export function restrictsBothDays(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return false;
  const dayOfMonth = fields.at(-3) ?? '*';
  const dayOfWeek = fields.at(-1) ?? '*';
  const restricted = (field: string) => !field.startsWith('*') && !field.startsWith('?');
  return restricted(dayOfMonth) && restricted(dayOfWeek);
}

function numbers(values: readonly (number | string)[]): number[] | null {
  if (values.some((value) => typeof value !== 'number')) return null;
  return [...(values as number[])].sort((a, b) => a - b);
}

/*
 * Syntax check, stricter and clearer than node-cron's: catches typos at start ("0 25 * * *",
 * "0 9 * * mon-fry") and backwards ranges ("5-1", which node-cron 4.6 would wrap) instead of a
 * schedule that silently never runs or runs unexpectedly. Returns null when valid, else what is
 * wrong in words, naming the field.
 */

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** Day names in cron's numbering: 0 is Sunday (and 7 is Sunday again). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
export const WEEKDAY_NAMES = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const FIVE_FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 7 is Sunday too, as in most crons.
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS },
];

const RANGE = /^([a-z0-9]+)(?:-([a-z0-9]+))?$/;

export function checkCronSyntax(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return `needs 5 fields (minute hour day month weekday) or 6 with seconds first, found ${fields.length}`;
  }
  const specs = fields.length === 6 ? [SECOND, ...FIVE_FIELDS] : FIVE_FIELDS;
  for (const [index, field] of fields.entries()) {
    const spec = specs[index];
    if (spec === undefined) continue;
    const problem = checkField(field.toLowerCase(), spec);
    if (problem !== null) return `field ${index + 1} (${spec.name}): ${problem}`;
  }
  return null;
}

function checkField(field: string, spec: FieldSpec): string | null {
  for (const part of field.split(',')) {
    const [range = '', step, extra] = part.split('/');
    if (extra !== undefined) return `"${part}" has more than one "/"`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) {
      return `"${part}": the step after "/" must be a positive whole number`;
    }
    if (range === '*') continue;
    const match = RANGE.exec(range);
    if (match === null) {
      return `"${part}" is not a number, a name, a range a-b, "*" or a step like */5`;
    }
    const start = fieldValue(match[1] ?? '', spec);
    if (start === null) return outOfRange(match[1] ?? '', spec);
    if (match[2] === undefined) continue;
    const end = fieldValue(match[2], spec);
    if (end === null) return outOfRange(match[2], spec);
    if (end < start) return `"${range}" runs backwards; write the smaller value first`;
  }
  return null;
}

function fieldValue(token: string, spec: FieldSpec): number | null {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    return value >= spec.min && value <= spec.max ? value : null;
  }
  if (spec.names === undefined) return null;
  const long = spec.names === MONTHS ? MONTH_NAMES : WEEKDAY_NAMES;
  const index = Math.max(spec.names.indexOf(token), long.indexOf(token));
  if (index < 0) return null;
  return spec.names === MONTHS ? index + 1 : index;
}

function outOfRange(token: string, spec: FieldSpec): string {
  const names =
    spec.names === undefined ? '' : ` or a name (${spec.names[0]}…${spec.names.at(-1)})`;
  return `"${token}" is not allowed; use ${spec.min}-${spec.max}${names}`;
}
