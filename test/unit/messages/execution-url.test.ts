import { describe, expect, it } from 'vitest';
import {
  renderExecutionUrl,
  validateExecutionUrlTemplate,
} from '../../../src/messages/execution-url.js';
import { failure } from './fixtures.js';

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

describe('validateExecutionUrlTemplate', () => {
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
    const result = validateExecutionUrlTemplate(template);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatch(expected);
  });
});
