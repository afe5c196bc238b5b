import { describe, expect, it } from 'vitest';
import {
  fieldsOfSubscription,
  readDigestSubmission,
} from '../../../src/digests/digest-modal-submission.js';
import type { DigestSubscription } from '../../../src/digests/store.js';
import { parseSubscribe } from '../../../src/digests/subscribe-grammar.js';
import { buildDigestModal, newDigestFields } from '../../../src/messages/digest-modal.js';
import { type Answers, stateValues } from '../../support/slack-interactions.js';

/** The form's state as Slack sends it: the defaults of a new digest in C0OPS00001, then `answers`. */
const submitted = (answers: Answers) =>
  readDigestSubmission(
    stateValues(
      buildDigestModal(
        newDigestFields('C0OPS00001', 'Europe/Berlin'),
        { mode: 'create' },
        'Europe/Berlin',
      ) as never,
      answers,
    ),
  );

describe('readDigestSubmission', () => {
  it.each<[string, Answers, string, readonly string[]]>([
    ['the defaults', {}, 'C0OPS00001', ['weekdays', '09:00', 'tz:Europe/Berlin']],
    [
      'weekly on Sunday, 7 days (the weekly default window is left out)',
      { cadence: 'weekly', weekday: '7', time: '18:05', window: '7d' },
      'C0OPS00001',
      ['weekly', 'sun', '18:05', 'tz:Europe/Berlin'],
    ],
    [
      'daily, yesterday, another channel and zone',
      { channel: 'C0OTHER001', cadence: 'daily', window: 'yesterday', zone: 'Asia/Tokyo' },
      'C0OTHER001',
      ['daily', '09:00', 'yesterday', 'tz:Asia/Tokyo'],
    ],
    [
      'a day picked for a daily digest is ignored',
      { cadence: 'daily', weekday: '2' },
      'C0OPS00001',
      ['daily', '09:00', 'tz:Europe/Berlin'],
    ],
  ])('%s: the subscribe words', (_name, answers, channel, words) => {
    const read = submitted(answers);
    expect(read).toEqual({ ok: true, channel, words });
    // The words are the command's own: its parser takes them as they are.
    expect(parseSubscribe(read.ok ? read.words : []).ok).toBe(true);
  });

  it.each<[string, Answers, Record<string, string>]>([
    [
      'no channel',
      { channel: null },
      { digest_channel: 'Pick the channel the digest is posted in.' },
    ],
    [
      'weekly without a day',
      { cadence: 'weekly' },
      { digest_weekday: 'Pick the day of a weekly digest.' },
    ],
    ['no time', { time: null }, { digest_time: 'Pick a time of day, from 00:00 to 23:59.' }],
    [
      'an impossible time',
      { time: '24:10' },
      { digest_time: 'Pick a time of day, from 00:00 to 23:59.' },
    ],
    ['an unknown zone', { zone: 'Mars/Olympus' }, { digest_zone: 'Pick a time zone.' }],
    [
      'an unknown window',
      { window: 'fortnight' },
      { digest_window: 'Pick the window the digest reports on.' },
    ],
    [
      'several at once, each by its field',
      { channel: null, cadence: null, time: null },
      {
        digest_channel: 'Pick the channel the digest is posted in.',
        digest_cadence: 'Pick how often: every day, weekdays or once a week.',
        digest_time: 'Pick a time of day, from 00:00 to 23:59.',
      },
    ],
  ])('%s: errors keyed by block', (_name, answers, errors) => {
    expect(submitted(answers)).toEqual({ ok: false, errors });
  });
});

describe('fieldsOfSubscription', () => {
  const subscription = (schedule: string, window = '24h'): DigestSubscription => ({
    name: 'x',
    channel: 'C0OPS00001',
    schedule,
    timezone: 'Asia/Tokyo',
    window,
    description: '',
    createdBy: 'U1',
    createdAt: 1,
  });

  it.each([
    ['5 9 * * *', { cadence: 'daily', weekday: null, time: '09:05' }],
    ['30 18 * * 1-5', { cadence: 'weekdays', weekday: null, time: '18:30' }],
    ['0 7 * * 0', { cadence: 'weekly', weekday: 7, time: '07:00' }],
    ['0 7 * * 3', { cadence: 'weekly', weekday: 3, time: '07:00' }],
  ])('reads %s back as the form shows it', (schedule, expected) => {
    expect(fieldsOfSubscription(subscription(schedule))).toEqual({
      channel: 'C0OPS00001',
      timeZone: 'Asia/Tokyo',
      window: '24h',
      ...expected,
    });
  });

  it('round-trips through the form: what the grammar wrote is written again the same', () => {
    for (const words of [
      ['daily', '06:45'],
      ['weekdays', '23:59', '12h'],
      ['weekly', 'fri', '00:00'],
    ]) {
      const parsed = parseSubscribe(words);
      if (!parsed.ok) throw new Error(parsed.reason);
      const fields = fieldsOfSubscription(
        subscription(parsed.request.schedule, parsed.request.window),
      );
      const view = buildDigestModal(fields, { mode: 'create' }, 'UTC');
      const read = readDigestSubmission(stateValues(view as never, {}));
      if (!read.ok) throw new Error(JSON.stringify(read.errors));
      const again = parseSubscribe(read.words);
      expect(again.ok && again.request.schedule).toBe(parsed.request.schedule);
      expect(again.ok && again.request.name).toBe(parsed.request.name);
    }
  });
});
