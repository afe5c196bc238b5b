import { describe, expect, it } from 'vitest';
import { parseBaseUrl, statsUrl } from '../../../src/stats/client.js';

const query = { from: 1_000, to: 2_000, granularity: 'daily' as const };

describe('statsUrl', () => {
  it.each([
    ['https://stats.example.test', 'https://stats.example.test/v1/executions/stats'],
    ['https://stats.example.test/', 'https://stats.example.test/v1/executions/stats'],
    ['https://stats.example.test/api', 'https://stats.example.test/api/v1/executions/stats'],
    ['https://stats.example.test/api//', 'https://stats.example.test/api/v1/executions/stats'],
    ['http://127.0.0.1:8080/a/b/', 'http://127.0.0.1:8080/a/b/v1/executions/stats'],
    [
      'https://stats.example.test/api?x=1#frag',
      'https://stats.example.test/api/v1/executions/stats',
    ],
  ])('%s', (base, expectedPath) => {
    const url = statsUrl(parseBaseUrl(base), query);
    expect(`${url.origin}${url.pathname}`).toBe(expectedPath);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: String(query.from),
      to: String(query.to),
      granularity: query.granularity,
    });
  });
});

describe('parseBaseUrl', () => {
  it.each([
    ['not a URL', 'stats.example.test', /not a valid URL/],
    ['another protocol', 'ftp://stats.example.test', /http or https/],
    ['credentials', 'https://user:secret@stats.example.test', /must not contain credentials/],
  ])('refuses %s', (_name, base, message) => {
    expect(() => parseBaseUrl(base)).toThrow(message);
  });

  it('never echoes a refused URL (it may hold a secret)', () => {
    expect(() => parseBaseUrl('https://user:hunter2@stats.example.test')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
