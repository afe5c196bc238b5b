import { type Cadence, DIGEST_FIELDS, type DigestModalFields } from '../messages/digest-modal.js';
import { WEEKDAYS } from '../schedule/cron-expression.js';
import { parseWindowSpec } from '../time/window-spec.js';
import { canonicalTimeZone } from '../time/zone.js';
import type { DigestSubscription } from './store.js';

/**
 * The digest modal's answers, read and checked (pure), and turned into the words of
 * `/exec-stats subscribe` so the modal subscribes through the command's own path; and back: a
 * stored subscription as the form's fields, to edit it. A problem is keyed by the block id of its
 * field, as Slack's `response_action: "errors"` wants.
 */

/** One element's state in `view.state.values`, as Slack sends it. */
export interface ElementState {
  readonly type?: string;
  readonly selected_conversation?: string | null;
  readonly selected_channel?: string | null;
  readonly selected_option?: { readonly value: string } | null;
  readonly selected_time?: string | null;
  readonly value?: string | null;
}

export type StateValues = Readonly<Record<string, Readonly<Record<string, ElementState>>>>;

export type DigestSubmission =
  | {
      readonly ok: true;
      readonly channel: string;
      /** The words after `/exec-stats subscribe`, e.g. `weekly mon 09:00 tz:Europe/Berlin`. */
      readonly words: readonly string[];
    }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function readDigestSubmission(values: StateValues): DigestSubmission {
  const state = (field: keyof typeof DIGEST_FIELDS) =>
    values[DIGEST_FIELDS[field].block]?.[DIGEST_FIELDS[field].action];
  const errors: Record<string, string> = {};
  const channel = state('channel')?.selected_conversation ?? state('channel')?.selected_channel;
  if (typeof channel !== 'string' || channel === '')
    errors[DIGEST_FIELDS.channel.block] = 'Pick the channel the digest is posted in.';
  const cadence = state('cadence')?.selected_option?.value;
  if (cadence !== 'daily' && cadence !== 'weekdays' && cadence !== 'weekly')
    errors[DIGEST_FIELDS.cadence.block] = 'Pick how often: every day, weekdays or once a week.';
  const weekday = Number(state('weekday')?.selected_option?.value ?? Number.NaN);
  const hasDay = Number.isInteger(weekday) && weekday >= 1 && weekday <= 7;
  if (cadence === 'weekly' && !hasDay)
    errors[DIGEST_FIELDS.weekday.block] = 'Pick the day of a weekly digest.';
  const time = state('time')?.selected_time;
  if (typeof time !== 'string' || !TIME.test(time))
    errors[DIGEST_FIELDS.time.block] = 'Pick a time of day, from 00:00 to 23:59.';
  const zoneValue = state('zone')?.selected_option?.value;
  const zone = zoneValue === undefined ? null : canonicalTimeZone(zoneValue);
  if (zone === null) errors[DIGEST_FIELDS.zone.block] = 'Pick a time zone.';
  const window = state('window')?.selected_option?.value;
  const parsedWindow = window === undefined ? null : parseWindowSpec(window);
  if (parsedWindow === null || !parsedWindow.ok)
    errors[DIGEST_FIELDS.window.block] = 'Pick the window the digest reports on.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const words: string[] = [cadence as Cadence];
  if (cadence === 'weekly') words.push(WEEKDAYS[weekday % 7] ?? 'mon');
  words.push(time as string);
  // The default window is left out, so the digest's name is the one the command would give it.
  const defaultWindow = cadence === 'weekly' ? '7d' : '24h';
  if (window !== defaultWindow) words.push(window as string);
  words.push(`tz:${zone}`);
  return { ok: true, channel: channel as string, words };
}

/**
 * A subscription as the form shows it. Subscriptions are written by the grammar
 * (`M H * * *`, `M H * * 1-5`, `M H * * D`), so the schedule reads back exactly; anything else
 * (never written by the bot) opens as a weekday digest at 09:00 to be chosen again.
 */
export function fieldsOfSubscription(s: DigestSubscription): DigestModalFields {
  const [minute, hour, , , days] = s.schedule.trim().split(/\s+/);
  const pad = (n: string | undefined) => String(Number(n)).padStart(2, '0');
  const time =
    minute !== undefined && hour !== undefined && /^\d+$/.test(minute) && /^\d+$/.test(hour)
      ? `${pad(hour)}:${pad(minute)}`
      : '09:00';
  const base = { channel: s.channel, time, timeZone: s.timezone, window: s.window };
  if (days === '*') return { ...base, cadence: 'daily', weekday: null };
  if (days !== undefined && /^[0-7]$/.test(days)) {
    return { ...base, cadence: 'weekly', weekday: Number(days) === 0 ? 7 : Number(days) };
  }
  return { ...base, cadence: 'weekdays', weekday: null };
}
