import { formatTimeOfDay } from './civil.js';
import type { CivilDate, CivilDateTime, WindowSpec } from './window.js';

/**
 * The window in words for a message header ("Executions · last 24 hours"). Labels name what the
 * user asked for, in the calendar they asked in; the exact instants, in the reader's zone, are
 * shown by the message itself. English only, day-month-year order, which reads the same to
 * readers on either side of the Atlantic.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const UNIT_WORDS = {
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
} as const;

const CALENDAR_LABELS = {
  today: 'today',
  yesterday: 'yesterday',
  'this-week': 'this week',
  'last-week': 'last week',
  'this-month': 'this month',
  'last-month': 'last month',
} as const;

export function windowLabel(spec: WindowSpec): string {
  switch (spec.kind) {
    case 'relative': {
      const [one, many] = UNIT_WORDS[spec.unit];
      return spec.amount === 1 ? `last ${one}` : `last ${spec.amount} ${many}`;
    }
    case 'calendar':
      return CALENDAR_LABELS[spec.name];
    case 'dates':
      return dateRangeLabel(spec.start, spec.end);
    case 'datetimes':
      return `${dateLabel(spec.start)} ${formatTimeOfDay(spec.start)} – ${dateLabel(spec.end)} ${formatTimeOfDay(spec.end)}`;
  }
}

/** "1 Nov 2026", "1–7 Nov 2026", "28 Oct – 3 Nov 2026", "30 Dec 2026 – 2 Jan 2027". */
function dateRangeLabel(start: CivilDate, end: CivilDate): string {
  const month = (d: CivilDate) => MONTHS[d.month - 1] ?? String(d.month);
  if (start.year !== end.year) return `${dateLabel(start)} – ${dateLabel(end)}`;
  if (start.month !== end.month) {
    return `${start.day} ${month(start)} – ${end.day} ${month(end)} ${end.year}`;
  }
  if (start.day !== end.day) return `${start.day}–${end.day} ${month(end)} ${end.year}`;
  return dateLabel(start);
}

function dateLabel(d: CivilDate | CivilDateTime): string {
  return `${d.day} ${MONTHS[d.month - 1] ?? String(d.month)} ${d.year}`;
}
