import { quoteWord } from '../messages/command-text.js';
import { WEEKDAY_NAMES, WEEKDAYS } from '../schedule/cron-expression.js';
import { formatWindowSpec, looksLikeWindow, parseWindowSpec } from '../time/window-spec.js';
import { canonicalTimeZone } from '../time/zone.js';

/**
 * `/exec-stats subscribe daily 09:00 [WINDOW] [tz:Area/City]`, `subscribe weekdays 09:00 …`,
 * `subscribe weekly mon 09:00 …`: the words after `subscribe`, turned into a cron schedule, a
 * window and maybe a zone. Pure; every refusal names the offending word and shows the usage.
 */

export const SUBSCRIBE_USAGE = [
  '*Subscribe this channel to a digest:*',
  '• `/exec-stats subscribe daily 09:00 [WINDOW]`',
  '• `/exec-stats subscribe weekdays 09:00 [WINDOW]` (Monday to Friday)',
  '• `/exec-stats subscribe weekly mon 09:00 [WINDOW]`',
  'WINDOW as for `/exec-stats` (default `24h`, weekly `7d`); add `tz:Europe/Berlin` for a zone other than yours.',
  '`/exec-stats subscriptions` lists this channel’s digests; `/exec-stats unsubscribe NAME` removes one.',
].join('\n');

export type Cadence = 'daily' | 'weekdays' | 'weekly';

export interface SubscribeRequest {
  readonly cadence: Cadence;
  /** ISO weekday of a weekly digest: 1 = Monday … 7 = Sunday; null otherwise. */
  readonly weekday: number | null;
  readonly hour: number;
  readonly minute: number;
  /** Canonical WINDOW text. */
  readonly window: string;
  /** Null: the requesting user's zone. */
  readonly timeZone: string | null;
  /** node-cron, 5 fields. */
  readonly schedule: string;
  /** Short, unique in the channel, typed back to unsubscribe: "daily-0900", "weekly-mon-0900-7d". */
  readonly name: string;
  /** "weekdays at 09:00", for people. */
  readonly description: string;
}

export type SubscribeParse =
  | { readonly ok: true; readonly request: SubscribeRequest }
  | { readonly ok: false; readonly reason: string };

const TIME = /^(\d{1,2}):(\d{2})$/;
const TZ_PREFIX = 'tz:';

const fail = (reason: string): SubscribeParse => ({ ok: false, reason });

export function parseSubscribe(args: readonly string[]): SubscribeParse {
  const words = [...args];
  const cadenceWord = words.shift();
  if (cadenceWord === undefined) return fail('Say how often: `daily`, `weekdays` or `weekly`.');
  const cadence = cadenceWord.toLowerCase();
  if (cadence !== 'daily' && cadence !== 'weekdays' && cadence !== 'weekly') {
    return fail(
      `${quoteWord(cadenceWord)} is not a schedule: use \`daily\`, \`weekdays\` or \`weekly\`.`,
    );
  }
  let weekday: number | null = null;
  if (cadence === 'weekly') {
    const dayWord = words.shift();
    if (dayWord === undefined) return fail('Say which day: `weekly mon 09:00`.');
    const index = Math.max(
      WEEKDAYS.indexOf(dayWord.toLowerCase()),
      WEEKDAY_NAMES.indexOf(dayWord.toLowerCase()),
    );
    if (index < 0) {
      return fail(`${quoteWord(dayWord)} is not a day of the week: use \`mon\` to \`sun\`.`);
    }
    // cron numbers Sunday 0; a subscription numbers the week Monday 1 to Sunday 7.
    weekday = index === 0 ? 7 : index;
  }
  const timeWord = words.shift();
  if (timeWord === undefined) return fail('Say at what time, as `HH:MM`, e.g. `09:00`.');
  const time = TIME.exec(timeWord);
  const hour = Number(time?.[1]);
  const minute = Number(time?.[2]);
  if (time === null || hour > 23 || minute > 59) {
    return fail(`${quoteWord(timeWord)} is not a time of day: use \`HH:MM\` from 00:00 to 23:59.`);
  }

  let window: string | null = null;
  let timeZone: string | null = null;
  for (const word of words) {
    if (word.toLowerCase().startsWith(TZ_PREFIX)) {
      if (timeZone !== null) return fail('Give `tz:` once.');
      const zone = canonicalTimeZone(word.slice(TZ_PREFIX.length));
      if (zone === null) {
        return fail(
          `${quoteWord(word)} is not a time zone: use an IANA name such as \`tz:Europe/Berlin\` or \`tz:UTC\`.`,
        );
      }
      timeZone = zone;
      continue;
    }
    const parsed = parseWindowSpec(word);
    if (!parsed.ok) {
      return fail(
        looksLikeWindow(word)
          ? `${parsed.reason}.`
          : `${quoteWord(word)} is not a window or \`tz:ZONE\`.`,
      );
    }
    if (window !== null) return fail(`${quoteWord(word)}: give one window only.`);
    window = formatWindowSpec(parsed.spec);
  }

  const chosenWindow = window ?? (cadence === 'weekly' ? '7d' : '24h');
  const hhmm = `${pad(hour)}:${pad(minute)}`;
  const dayName = weekday === null ? '' : (WEEKDAYS[weekday % 7] ?? '');
  const weekdayField =
    cadence === 'daily' ? '*' : cadence === 'weekdays' ? '1-5' : String((weekday ?? 0) % 7);
  const when =
    cadence === 'daily' ? 'daily' : cadence === 'weekdays' ? 'weekdays' : `weekly-${dayName}`;
  return {
    ok: true,
    request: {
      cadence,
      weekday,
      hour,
      minute,
      window: chosenWindow,
      timeZone,
      schedule: `${minute} ${hour} * * ${weekdayField}`,
      name: `${when}-${pad(hour)}${pad(minute)}${window === null ? '' : `-${chosenWindow}`}`,
      description: `${cadence === 'weekly' ? `every ${WEEKDAY_NAMES[(weekday ?? 1) % 7]}` : cadence} at ${hhmm}, window ${chosenWindow}`,
    },
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
