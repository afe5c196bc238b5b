import { describe, expect, it } from 'vitest';
import {
  fastRecentFailures,
  fastSourceSystems,
  fastTimeSeries,
  fastTimestamp,
  LIST_ITEM_SCHEMAS,
  parseStatsBody,
  parseTimestamp,
} from '../../../src/stats/schema.js';
import { statsBody, wireFailure } from '../../support/stats-body.js';

/**
 * the fast path in schema.ts must accept exactly what the zod item schemas accept and return exactly what they
 * return: each case goes through both, and the answers are compared.
 */

const source = { sourceSystem: 'billing', total: 6, succeeded: 4, failed: 2, cancelled: 0 };
const bucket = {
  bucketStart: '2026-11-02T08:00:00.000Z',
  total: 4,
  succeeded: 4,
  failed: 0,
  cancelled: 0,
};

const countCases: [string, unknown][] = [
  ['zero', 0],
  ['minus zero', -0],
  ['fraction', 1.5],
  ['negative', -1],
  ['NaN', Number.NaN],
  ['infinite', Number.POSITIVE_INFINITY],
  ['string', '4'],
  ['null', null],
  ['missing', undefined],
];

const textCases: [string, unknown][] = [
  ['text', 'x'],
  ['empty', ''],
  ['blank', '  '],
  ['null', null],
  ['missing', undefined],
  ['number', 5],
  ['object', { a: 1 }],
];

const timeCases: [string, unknown][] = [
  ['ISO', '2026-11-02T09:01:30.000Z'],
  ['ISO offset', '2026-11-02T10:01:30+01:00'],
  ['numeric string', '1793610000000'],
  ['number', 1_793_610_000_000],
  ['infinite number', Number.POSITIVE_INFINITY],
  ['garbage', 'yesterday-ish'],
  ['empty', ''],
  ['null', null],
  ['missing', undefined],
  ['boolean', true],
];

function withField(base: Record<string, unknown>, key: string, value: unknown) {
  const item: Record<string, unknown> = { ...base, extra: 'dropped' };
  if (value === undefined) delete item[key];
  else item[key] = value;
  return item;
}

function zodAnswer(
  schema: { safeParse(v: unknown): { success: boolean; data?: unknown } },
  item: unknown,
) {
  const result = schema.safeParse(item);
  return result.success ? [result.data] : null;
}

describe('fast list validation agrees with the zod schemas', () => {
  const notObjects: [string, unknown][] = [
    ['null', null],
    ['array', [source]],
    ['string', 'billing'],
  ];

  it.each([
    ...countCases.map(([name, v]) => [`total ${name}`, withField(source, 'total', v)] as const),
    ...textCases.map(
      ([name, v]) => [`name ${name}`, withField(source, 'sourceSystem', v)] as const,
    ),
    ...notObjects,
  ])('source system: %s', (_name, item) => {
    expect(fastSourceSystems([item])).toEqual(zodAnswer(LIST_ITEM_SCHEMAS.sourceSystem, item));
  });

  it.each([
    ...countCases.map(([name, v]) => [`failed ${name}`, withField(bucket, 'failed', v)] as const),
    ...timeCases.map(
      ([name, v]) => [`start ${name}`, withField(bucket, 'bucketStart', v)] as const,
    ),
    ...notObjects,
  ])('bucket: %s', (_name, item) => {
    expect(fastTimeSeries([item])).toEqual(zodAnswer(LIST_ITEM_SCHEMAS.bucket, item));
  });

  const failure = wireFailure() as unknown as Record<string, unknown>;
  it.each([
    ...['runId', 'workflowId', 'sourceSystem', 'statusReason', 'executionId', 'status'].flatMap(
      (key) =>
        textCases.map(([name, v]) => [`${key} ${name}`, withField(failure, key, v)] as const),
    ),
    ...['createdAt', 'finishedAt'].flatMap((key) =>
      timeCases.map(([name, v]) => [`${key} ${name}`, withField(failure, key, v)] as const),
    ),
    ...notObjects,
  ])('failure: %s', (_name, item) => {
    expect(fastRecentFailures([item])).toEqual(zodAnswer(LIST_ITEM_SCHEMAS.failure, item));
  });

  it.each([
    ['missing', undefined, []],
    ['null', null, []],
    ['not a list', { 0: source }, null],
  ])('a list that is %s', (_name, list, expected) => {
    expect(fastSourceSystems(list)).toEqual(expected);
    expect(fastTimeSeries(list)).toEqual(expected);
    expect(fastRecentFailures(list)).toEqual(expected);
  });
});

describe('fastTimestamp agrees with parseTimestamp', () => {
  it.each([
    '2026-11-02T09:01:30.000Z',
    '2024-02-29T23:59:59.999Z',
    '2026-02-29T00:00:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-11-02T24:00:00.000Z',
    '2026-11-02T09:60:00.000Z',
    '2026-11-02T09:00:60.000Z',
    '0099-01-01T00:00:00.000Z',
    '1000-01-01T00:00:00.000Z',
    '2026-11-02t09:01:30.000Z',
    '2026-11-02T09:01:30.000z',
    '2026-11-02T09:01:30,000Z',
    '2026-11-0xT09:01:30.000Z',
    ' 2026-11-02T09:01:30.00Z',
    '2026-11-02T09:01:30.000+01',
    '123456789012345678901234',
    '',
  ])('%j', (raw) => {
    expect(fastTimestamp(raw)).toEqual(parseTimestamp(raw));
  });
});

describe('parseStatsBody with long lists', () => {
  it('names the offending item of a long list, as zod does', () => {
    const failures = Array.from({ length: 500 }, (_, i) => wireFailure({ executionId: `e-${i}` }));
    const broken = { ...failures[321], executionId: 42 };
    const body = statsBody({
      data: { recentFailures: [...failures.slice(0, 321), broken] as never },
    });
    expect(() =>
      parseStatsBody(body, { method: 'GET', url: 'http://x/v1?granularity=hourly' }),
    ).toThrow('data.recentFailures[321].executionId');
  });
});
