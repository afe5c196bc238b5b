import type { types } from '@slack/bolt';
import { plainText } from './blocks.js';
import { shownValue } from './mrkdwn.js';

/**
 * The digest modal (create or edit a channel's digest subscription), as data. Pure. The form has the subscribe command's own words: how often (daily,
 * weekdays, weekly + day), at what time, in which zone, over which window; the answers are turned
 * back into those words (digests/digest-modal-submission.ts) and go through `/exec-stats
 * subscribe`'s own path. Within Slack's limits: title ≤ 24 characters, private_metadata ≤ 3,000,
 * ids ≤ 255, far below 100 blocks.
 */

export const DIGEST_MODAL_CALLBACK_ID = 'exec_stats_digest_modal';

/** Block and action ids of the form: errors (`response_action: errors`) are keyed by block id. */
export const DIGEST_FIELDS = {
  channel: { block: 'digest_channel', action: 'channel' },
  cadence: { block: 'digest_cadence', action: 'cadence' },
  weekday: { block: 'digest_weekday', action: 'weekday' },
  time: { block: 'digest_time', action: 'time' },
  zone: { block: 'digest_zone', action: 'zone' },
  window: { block: 'digest_window', action: 'window' },
} as const;

/** The Home tab's digest buttons; Edit and Delete carry `encodeDigestRef`. */
export const DIGEST_ACTION_IDS = {
  create: 'exec_stats_digest_new',
  edit: 'exec_stats_digest_edit',
  remove: 'exec_stats_digest_delete',
} as const;

export type Cadence = 'daily' | 'weekdays' | 'weekly';

/** What the form shows (a new digest's defaults, or the digest being edited). */
export interface DigestModalFields {
  /** Null: none picked yet (opened from the Home tab). */
  readonly channel: string | null;
  readonly cadence: Cadence;
  /** 1 = Monday … 7 = Sunday; null unless weekly. */
  readonly weekday: number | null;
  /** `HH:MM`. */
  readonly time: string;
  readonly timeZone: string;
  readonly window: string;
}

/** Which digest a Home tab button or an edit form is about. */
export interface DigestRef {
  readonly channel: string;
  readonly name: string;
}

/** What the modal carries between opening and submission: a new digest, or which one is edited. */
export type DigestModalMetadata =
  | { readonly mode: 'create' }
  | ({ readonly mode: 'edit' } & DigestRef);

export const WEEKDAY_OPTIONS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

/** The windows offered: the subscribe grammar's own words (any WINDOW it accepts would do). */
export const WINDOW_OPTIONS: readonly { readonly value: string; readonly label: string }[] = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '12h', label: 'Last 12 hours' },
  { value: '1h', label: 'Last hour' },
  { value: '7d', label: 'Last 7 days' },
  { value: 'yesterday', label: 'Yesterday (calendar day)' },
  { value: 'last-week', label: 'Last week (calendar week)' },
];

/** Zones offered besides the user's own (theirs first); a static list keeps the form simple. */
export const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Helsinki',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

const MAX_METADATA = 3000;

export function encodeDigestRef(ref: DigestRef): string {
  return JSON.stringify({ c: ref.channel, n: ref.name });
}

export function decodeDigestRef(value: string | undefined): DigestRef | null {
  return parseObject(value, (o) =>
    typeof o.c === 'string' && typeof o.n === 'string' ? { channel: o.c, name: o.n } : null,
  );
}

export function encodeDigestModalMetadata(meta: DigestModalMetadata): string {
  const text =
    meta.mode === 'create'
      ? JSON.stringify({ m: 'create' })
      : JSON.stringify({ m: 'edit', c: meta.channel, n: meta.name });
  // Names are at most 80 characters and channel ids short: far below Slack's 3,000.
  return text.length <= MAX_METADATA ? text : JSON.stringify({ m: 'create' });
}

export function decodeDigestModalMetadata(value: string | undefined): DigestModalMetadata | null {
  return parseObject(value, (o) => {
    if (o.m === 'create') return { mode: 'create' };
    if (o.m === 'edit' && typeof o.c === 'string' && typeof o.n === 'string')
      return { mode: 'edit', channel: o.c, name: o.n };
    return null;
  });
}

type Option = { text: types.PlainTextElement; value: string };
const option = (value: string, label = value): Option => ({ text: plainText(label), value });

/** The create / edit form. `zones`: the user's own zone first; the digest's zone is always in. */
export function buildDigestModal(
  fields: DigestModalFields,
  meta: DigestModalMetadata,
  userZone: string,
): types.ModalView {
  const zones = [...new Set([fields.timeZone, userZone, ...COMMON_ZONES])].slice(0, 100);
  const cadences: Option[] = [
    option('daily', 'Every day'),
    option('weekdays', 'Weekdays (Monday to Friday)'),
    option('weekly', 'Once a week'),
  ];
  const weekdays = WEEKDAY_OPTIONS.map((label, index) => option(String(index + 1), label));
  const windows = WINDOW_OPTIONS.some((w) => w.value === fields.window)
    ? WINDOW_OPTIONS
    : [{ value: fields.window, label: fields.window }, ...WINDOW_OPTIONS];
  const windowOptions = windows.map((w) => option(w.value, w.label));
  const initial = (options: Option[], value: string | null) =>
    options.find((o) => o.value === value);
  const weekday = fields.weekday === null ? undefined : initial(weekdays, String(fields.weekday));
  const editing = meta.mode === 'edit';
  return {
    type: 'modal',
    callback_id: DIGEST_MODAL_CALLBACK_ID,
    private_metadata: encodeDigestModalMetadata(meta),
    title: plainText(editing ? 'Edit digest' : 'New digest'),
    submit: plainText(editing ? 'Save' : 'Subscribe'),
    close: plainText('Cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: editing
            ? `Editing *${shownValue(meta.name, 80)}*. The channel gets the stats of the window you choose, on this schedule.`
            : 'A channel gets the stats of the window you choose, on this schedule. You can subscribe channels you are in.',
        },
      },
      {
        type: 'input',
        block_id: DIGEST_FIELDS.channel.block,
        label: plainText('Channel'),
        element: {
          type: 'conversations_select',
          action_id: DIGEST_FIELDS.channel.action,
          ...(fields.channel === null ? {} : { initial_conversation: fields.channel }),
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          placeholder: plainText('Pick a channel'),
        },
      },
      {
        type: 'input',
        block_id: DIGEST_FIELDS.cadence.block,
        label: plainText('How often'),
        element: {
          type: 'static_select',
          action_id: DIGEST_FIELDS.cadence.action,
          options: cadences,
          ...withInitial(initial(cadences, fields.cadence)),
        },
      },
      {
        type: 'input',
        block_id: DIGEST_FIELDS.weekday.block,
        optional: true,
        label: plainText('Day (once a week only)'),
        element: {
          type: 'static_select',
          action_id: DIGEST_FIELDS.weekday.action,
          options: weekdays,
          placeholder: plainText('Pick a day'),
          ...withInitial(weekday),
        },
      },
      {
        type: 'input',
        block_id: DIGEST_FIELDS.time.block,
        label: plainText('At'),
        element: {
          type: 'timepicker',
          action_id: DIGEST_FIELDS.time.action,
          initial_time: fields.time,
        },
      },
      {
        type: 'input',
        block_id: DIGEST_FIELDS.zone.block,
        label: plainText('Time zone'),
        element: {
          type: 'static_select',
          action_id: DIGEST_FIELDS.zone.action,
          options: zones.map((zone) => option(zone, zone === userZone ? `${zone} (yours)` : zone)),
          ...withInitial(
            option(
              fields.timeZone,
              fields.timeZone === userZone ? `${fields.timeZone} (yours)` : fields.timeZone,
            ),
          ),
        },
      },
      {
        type: 'input',
        block_id: DIGEST_FIELDS.window.block,
        label: plainText('Stats of'),
        element: {
          type: 'static_select',
          action_id: DIGEST_FIELDS.window.action,
          options: windowOptions,
          ...withInitial(initial(windowOptions, fields.window)),
        },
      },
    ],
  };
}

/** A new digest's form: the current channel if known, weekdays at 09:00 in the user's zone. */
export function newDigestFields(channel: string | null, userZone: string): DigestModalFields {
  return {
    channel,
    cadence: 'weekdays',
    weekday: null,
    time: '09:00',
    timeZone: userZone,
    window: '24h',
  };
}

function withInitial(initial: Option | undefined): { initial_option?: Option } {
  return initial === undefined ? {} : { initial_option: initial };
}

function parseObject<T>(
  value: string | undefined,
  read: (o: Record<string, unknown>) => T | null,
): T | null {
  if (value === undefined || value.length > MAX_METADATA) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null
      ? read(parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
