import { describe, expect, it } from 'vitest';
import {
  checkExecutionUrlTemplate,
  defaultExecutionUrlTemplate,
} from '../../../src/config/execution-url.js';
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

describe('execution link templates', () => {
  it.each<[string, RegExp | null]>([
    ['https://app.example.com/executions/{executionId}', null],
    ['https://app.example.com/w/{workflowId}/runs/{runId}', null],
    ['http://localhost:8080/e/{executionId}?tab=logs', null],
    ['https://app.example.com/w/{workflowId}', /must contain \{executionId\} or \{runId\}/],
    ['https://app.example.com/{execution_id}', /unknown placeholder \{execution_id\}/],
    ['https://app.example.com/{}', /unknown placeholder \{\}/],
    ['{executionId}', /not a URL/],
    ['mailto:ops@example.com?subject={executionId}', /http\(s\)/],
  ])('%j', (template, problem) => {
    const result = checkExecutionUrlTemplate(template);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toMatch(problem);
  });

  it.each([
    ['https://stats.example.com', 'https://stats.example.com/v1/executions/{executionId}'],
    ['https://stats.example.com/', 'https://stats.example.com/v1/executions/{executionId}'],
    ['https://example.com/api//', 'https://example.com/api/v1/executions/{executionId}'],
  ])('the default for %s', (url, template) => {
    expect(defaultExecutionUrlTemplate({ kind: 'api', url, token: 't' })).toBe(template);
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
