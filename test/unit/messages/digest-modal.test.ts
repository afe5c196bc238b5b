import { describe, expect, it } from 'vitest';
import {
  buildDigestModal,
  COMMON_ZONES,
  DIGEST_FIELDS,
  decodeDigestModalMetadata,
  decodeDigestRef,
  encodeDigestModalMetadata,
  encodeDigestRef,
  newDigestFields,
  WINDOW_OPTIONS,
} from '../../../src/messages/digest-modal.js';
import { buildNoticeModal } from '../../../src/messages/notice-modal.js';
import { parseWindowSpec } from '../../../src/time/window-spec.js';
import { isValidTimeZone } from '../../../src/time/zone.js';
import { modalProblem } from '../../support/fake-slack-views.js';

type Input = {
  type: string;
  block_id: string;
  optional?: boolean;
  element: Record<string, unknown>;
};
const inputs = (view: ReturnType<typeof buildDigestModal>) =>
  (view.blocks as unknown as Input[]).filter((b) => b.type === 'input');
const element = (view: ReturnType<typeof buildDigestModal>, block: string) =>
  inputs(view).find((b) => b.block_id === block)?.element ?? {};

describe('the digest modal', () => {
  it('a new digest: the current channel, weekdays at 09:00 in the user’s zone, 24 hours', () => {
    const view = buildDigestModal(
      newDigestFields('C0OPS00001', 'America/New_York'),
      { mode: 'create' },
      'America/New_York',
    );
    expect(view.title.text).toBe('New digest');
    expect(view.submit?.text).toBe('Subscribe');
    expect(modalProblem(view as never)).toBeNull(); // within Slack's limits, as the fake checks them
    expect(inputs(view).map((b) => [b.block_id, b.element.type, b.optional === true])).toEqual([
      [DIGEST_FIELDS.channel.block, 'conversations_select', false],
      [DIGEST_FIELDS.cadence.block, 'static_select', false],
      [DIGEST_FIELDS.weekday.block, 'static_select', true],
      [DIGEST_FIELDS.time.block, 'timepicker', false],
      [DIGEST_FIELDS.zone.block, 'static_select', false],
      [DIGEST_FIELDS.window.block, 'static_select', false],
    ]);
    expect(element(view, 'digest_channel').initial_conversation).toBe('C0OPS00001');
    expect(element(view, 'digest_time').initial_time).toBe('09:00');
    expect(element(view, 'digest_cadence').initial_option).toMatchObject({ value: 'weekdays' });
    expect(element(view, 'digest_weekday').initial_option).toBeUndefined();
    expect(element(view, 'digest_window').initial_option).toMatchObject({ value: '24h' });
    const zone = element(view, 'digest_zone') as {
      initial_option: { value: string; text: { text: string } };
      options: { value: string }[];
    };
    expect(zone.initial_option.value).toBe('America/New_York');
    expect(zone.initial_option.text.text).toBe('America/New_York (yours)');
    expect(zone.options[0]?.value).toBe('America/New_York'); // theirs first, no duplicate
    expect(zone.options.filter((o) => o.value === 'America/New_York')).toHaveLength(1);
    expect(decodeDigestModalMetadata(view.private_metadata)).toEqual({ mode: 'create' });
  });

  it('from the Home tab: no channel picked yet', () => {
    const view = buildDigestModal(newDigestFields(null, 'UTC'), { mode: 'create' }, 'UTC');
    expect(element(view, 'digest_channel').initial_conversation).toBeUndefined();
  });

  it('an edit: the digest’s own values, its zone offered even if uncommon, which one in the metadata', () => {
    const view = buildDigestModal(
      {
        channel: 'C0OPS00001',
        cadence: 'weekly',
        weekday: 3,
        time: '18:30',
        timeZone: 'Pacific/Chatham',
        window: '2026-11-01..2026-11-07',
      },
      { mode: 'edit', channel: 'C0OPS00001', name: 'weekly-wed-1830' },
      'Europe/Berlin',
    );
    expect(view.title.text).toBe('Edit digest');
    expect(view.submit?.text).toBe('Save');
    expect(element(view, 'digest_weekday').initial_option).toMatchObject({ value: '3' });
    expect(element(view, 'digest_zone').initial_option).toMatchObject({ value: 'Pacific/Chatham' });
    expect(element(view, 'digest_window').initial_option).toMatchObject({
      value: '2026-11-01..2026-11-07',
    });
    expect(decodeDigestModalMetadata(view.private_metadata)).toEqual({
      mode: 'edit',
      channel: 'C0OPS00001',
      name: 'weekly-wed-1830',
    });
    expect(modalProblem(view as never)).toBeNull();
  });

  it('offers only windows the subscribe grammar accepts and zones the runtime knows', () => {
    for (const { value } of WINDOW_OPTIONS) expect(parseWindowSpec(value).ok).toBe(true);
    for (const zone of COMMON_ZONES) expect(isValidTimeZone(zone)).toBe(true);
  });

  it('reads back only what it wrote: digest refs and metadata, anything else is null', () => {
    const ref = { channel: 'C1', name: 'a name with "quotes"' };
    expect(decodeDigestRef(encodeDigestRef(ref))).toEqual(ref);
    expect(decodeDigestRef('not json')).toBeNull();
    expect(decodeDigestRef('{"c":1,"n":"x"}')).toBeNull();
    expect(decodeDigestRef(undefined)).toBeNull();
    expect(decodeDigestModalMetadata('{"m":"delete"}')).toBeNull();
    expect(decodeDigestModalMetadata('x'.repeat(3001))).toBeNull();
    expect(
      encodeDigestModalMetadata({ mode: 'edit', channel: 'C1', name: 'n' }).length,
    ).toBeLessThan(3000);
  });

  it('the notice modal keeps its title within Slack’s 24 characters', () => {
    const view = buildNoticeModal('A title far longer than Slack allows', 'Only admins can.');
    expect(view.title.text).toHaveLength(24);
    expect(modalProblem(view as never)).toBeNull();
  });
});
