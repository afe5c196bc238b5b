import { describe, expect, it } from 'vitest';
import {
  checkExecutionUrlTemplate,
  defaultExecutionUrlTemplate,
  isLinkableTemplate,
  renderExecutionUrl,
} from '../../../src/config/execution-url.js';
import { failure } from '../messages/fixtures.js';

describe('renderExecutionUrl', () => {
  it.each([
    {
      template: 'https://app.example.com/executions/{executionId}',
      failure: failure('exec-1'),
      expected: 'https://app.example.com/executions/exec-1',
    },
    {
      template: 'https://app.example.com/executions/{executionId}',
      failure: failure('a/b?c#d'),
      expected: 'https://app.example.com/executions/a%2Fb%3Fc%23d',
    },
    {
      template: 'https://app.example.com/w/{workflowId}/runs/{runId}?e={executionId}',
      failure: failure('x|y>z', { runId: 'r 1', workflowId: 'ä&b' }),
      expected: 'https://app.example.com/w/%C3%A4%26b/runs/r%201?e=x%7Cy%3Ez',
    },
    {
      template: 'https://app.example.com/executions/{executionId}',
      failure: failure("*bold*_it_~s~!'()"),
      expected: 'https://app.example.com/executions/%2Abold%2A_it_~s~%21%27%28%29',
    },
    {
      template: 'https://app.example.com/runs/{runId}/{workflowId}',
      failure: failure('e', { runId: null, workflowId: null }),
      expected: 'https://app.example.com/runs//',
    },
    {
      template: 'https://app.example.com/{executionId}/{other}',
      failure: failure('e'),
      expected: 'https://app.example.com/e/{other}',
    },
  ])('$template with $failure.executionId', ({ template, failure: f, expected }) => {
    expect(renderExecutionUrl(template, f)).toBe(expected);
  });
});

describe('checkExecutionUrlTemplate: the one check, at config load and before a message links', () => {
  it.each([
    ['https://app.example.com/executions/{executionId}', null],
    ['http://localhost:8080/runs/{runId}', null],
    ['https://app.example.com/w/{workflowId}/{executionId}', null],
    ['https://app.example.com/executions', /\{executionId\} or \{runId\}/],
    ['https://app.example.com/w/{workflowId}', /\{executionId\} or \{runId\}/],
    ['https://app.example.com/{execId}', /unknown placeholder \{execId\}/],
    ['{STATS_API_URL}/v1/executions/{executionId}', /unknown placeholder \{STATS_API_URL\}/],
    ['javascript:alert(1)//{executionId}', /http/],
    ['ftp://files.example.com/{executionId}', /http/],
    ['not a url {executionId}', /not a valid URL/],
    ['', /\{executionId\} or \{runId\}/],
  ])('%j', (template, expected) => {
    const result = checkExecutionUrlTemplate(template);
    expect(isLinkableTemplate(template)).toBe(expected === null);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatch(expected);
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
    ['{executionId}', /not a valid URL/],
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
