/**
 * Syntax check of a cron expression as node-cron reads it: 5 fields (minute hour day month weekday)
 * or 6 with seconds first. Catches typos at start ("0 25 * * *", "0 9 * * mon-fry") instead of a
 * schedule that silently never runs. Returns null when valid, else what is wrong in words.
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
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEKDAY_NAMES = [
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
