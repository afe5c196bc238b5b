import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  checkAlertButton,
  mute,
  unmute,
  withMarks,
} from '../../../src/alerts/acks-and-mutes.js';
import { EMPTY_RULE_STATE } from '../../../src/alerts/types.js';
import { decodeAlertButton, encodeAlertButton } from '../../../src/messages/alert-actions.js';
import { OVERALL, type RuleState } from '../../../src/messages/alert-view.js';
import { T0 } from './trace.js';
import { incidentView } from './view-fixture.js';

const HOUR = 3_600_000;
const firing: RuleState = {
  ...EMPTY_RULE_STATE,
  incident: {
    id: 'abc123',
    openedAt: T0,
    subjects: ['billing'],
    announced: true,
    lastNotifiedAt: T0,
    acknowledgedBy: null,
  },
};

describe('user actions', () => {
  it('acknowledges the open incident once; a second press or another incident changes nothing', () => {
    const first = acknowledge(firing, 'abc123', 'U0ALICE');
    expect(first.changed).toBe(true);
    expect(first.state.incident?.acknowledgedBy).toBe('U0ALICE');
    expect(acknowledge(first.state, 'abc123', 'U0BOB').changed).toBe(false);
    expect(acknowledge(firing, 'other', 'U0BOB').changed).toBe(false);
  });

  it('mutes until a time, never shortening a longer mute, and forgets ended ones', () => {
    const long = mute(firing, ['billing'], T0 + 24 * HOUR, 'U0BOB', T0);
    expect(long.state.mutes.billing).toEqual({ until: T0 + 24 * HOUR, by: 'U0BOB' });
    expect(mute(long.state, ['billing'], T0 + HOUR, 'U0ALICE', T0).changed).toBe(false);
    const later = mute(long.state, [OVERALL], T0 + 26 * HOUR, 'U0ALICE', T0 + 25 * HOUR);
    expect(later.state.mutes).toEqual({ [OVERALL]: { until: T0 + 26 * HOUR, by: 'U0ALICE' } });
  });

  it('unmutes one subject, or everything with OVERALL', () => {
    const muted = mute(firing, ['billing', 'crm'], T0 + HOUR, 'U0BOB', T0).state;
    expect(Object.keys(unmute(muted, 'crm', T0).state.mutes)).toEqual(['billing']);
    expect(unmute(muted, OVERALL, T0).state.mutes).toEqual({});
    expect(unmute(EMPTY_RULE_STATE, 'crm', T0).changed).toBe(false);
  });

  it('marks the root with who acknowledged and until when it is muted', () => {
    const state = mute(
      acknowledge(firing, 'abc123', 'U0ALICE').state,
      ['billing'],
      T0 + HOUR,
      'U0BOB',
      T0,
    ).state;
    const view = withMarks(incidentView(), state, T0);
    expect(view.acknowledgedBy).toBe('U0ALICE');
    expect(view.mute).toEqual({ until: T0 + HOUR, by: 'U0BOB' });
    expect(withMarks(incidentView(), state, T0 + 2 * HOUR).mute).toBeNull();
  });
});

describe('which button presses may act', () => {
  const root = { channel: 'C0ALERTS01' };
  it('acts only on an incident the bot posted, pressed in that alert’s channel', () => {
    expect(checkAlertButton(root, true, 'C0ALERTS01')).toBeNull();
    expect(checkAlertButton(root, true, 'C0ELSEWHERE')).toBe('other-channel');
    expect(checkAlertButton(root, true, undefined)).toBe('other-channel');
    expect(checkAlertButton(null, true, 'C0ALERTS01')).toBe('unknown-incident');
    expect(checkAlertButton(null, false, 'C0ALERTS01')).toBe('unknown-rule');
  });

  it('reads no value longer than a Slack button can carry', () => {
    const value = encodeAlertButton({ rule: 'billing-spike', incidentId: 'abc123' });
    expect(decodeAlertButton(value)).toEqual({ rule: 'billing-spike', incidentId: 'abc123' });
    const huge = encodeAlertButton({ rule: 'r'.repeat(5_000), incidentId: 'abc123' });
    expect(decodeAlertButton(huge)).toBeNull();
  });
});
