import { describe, expect, it } from 'vitest';
import { CHANNEL_ID, channelIdProblem, closest } from '../../../src/config/syntax.js';

describe('closest', () => {
  const known = ['timezone', 'executionUrl', 'digests', 'alerts', 'for'];
  it.each([
    ['timezon', 'timezone'],
    ['TimeZone', 'timezone'],
    ['digest', 'digests'],
    ['executionURL', 'executionUrl'],
    ['fr', 'for'],
    ['schedules', null],
    ['x', null],
  ])('%j → %j', (word, suggestion) => {
    expect(closest(word, known)).toBe(suggestion);
  });
});

describe('channel IDs', () => {
  it.each([
    ['C0123456789', true],
    ['G01ABCDEF23', true],
    ['D0123456789', true],
    ['C0123', false],
    ['c0123456789', false],
    ['#ops', false],
    ['U0123456789', false],
  ])('%j → %s', (value, ok) => {
    expect(CHANNEL_ID.test(value)).toBe(ok);
  });

  it('points a channel name to where the ID is', () => {
    expect(channelIdProblem('#ops')).toMatch(/channel name; use the channel ID/);
  });
});
