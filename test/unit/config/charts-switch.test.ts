import { describe, expect, it } from 'vitest';
import { readChartsSwitch } from '../../../src/config/charts-switch.js';

describe('EXEC_STATS_CHARTS', () => {
  it('is on unless it says off', () => {
    expect(readChartsSwitch({})).toEqual({ charts: true });
    expect(readChartsSwitch({ EXEC_STATS_CHARTS: ' ' })).toEqual({ charts: true });
    expect(readChartsSwitch({ EXEC_STATS_CHARTS: 'on' })).toEqual({ charts: true });
    expect(readChartsSwitch({ EXEC_STATS_CHARTS: 'OFF' })).toEqual({ charts: false });
    expect(readChartsSwitch({ EXEC_STATS_CHARTS: 'false' })).toEqual({ charts: false });
  });

  it('names the variable and the fix for anything else', () => {
    expect(readChartsSwitch({ EXEC_STATS_CHARTS: 'sometimes' })).toEqual({
      problem: {
        key: 'EXEC_STATS_CHARTS',
        message: 'must be on or off; got "sometimes". Unset it to keep charts on',
      },
    });
  });
});
