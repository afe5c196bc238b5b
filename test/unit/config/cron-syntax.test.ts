import { describe, expect, it } from 'vitest';
import { checkCronSyntax } from '../../../src/schedule/cron-expression.js';

describe('checkCronSyntax', () => {
  it.each([
    '0 9 * * 1-5',
    '*/5 * * * *',
    '0 0 1 * *',
    '0 9 * * 7',
    '0 9 * * sun',
    '0 9 * * Monday',
    '0 9 1,15 jan,jul *',
    '0 8-18/2 * * mon-fri',
    '  0   9 * * *  ',
    '30 0 9 * * *',
    '59 59 23 31 12 6',
  ])('accepts %j', (expression) => {
    expect(checkCronSyntax(expression)).toBeNull();
  });

  it.each<[string, RegExp]>([
    ['', /found 1/],
    ['0 9 * *', /5 fields .*found 4/],
    ['0 0 9 * * * *', /found 7/],
    ['60 * * * *', /field 1 \(minute\): "60" is not allowed; use 0-59/],
    ['0 24 * * *', /field 2 \(hour\).*0-23/],
    ['0 9 0 * *', /field 3 \(day of month\).*1-31/],
    ['0 9 32 * *', /day of month/],
    ['0 9 * 13 *', /field 4 \(month\).*1-12 or a name \(jan…dec\)/],
    ['0 9 * * 8', /field 5 \(day of week\).*0-7/],
    ['0 9 * * mo', /"mo" is not allowed/],
    ['0 9 * mon *', /field 4 \(month\): "mon"/],
    ['0 9 * * 5-1', /"5-1" runs backwards/],
    ['*/0 * * * *', /step after "\/"/],
    ['*/x * * * *', /step/],
    ['1/2/3 * * * *', /more than one "\/"/],
    ['0 9 ? * *', /"\?" is not a number/],
    ['0 9 L * *', /"l" is not allowed/],
    ['0 9,, * * *', /"" is not a number/],
    ['60 0 9 * * *', /field 1 \(second\)/],
  ])('refuses %j', (expression, message) => {
    expect(checkCronSyntax(expression)).toMatch(message);
  });
});
