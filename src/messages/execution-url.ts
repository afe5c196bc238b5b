import type { FailedExecution } from '../stats/types.js';

/**
 * Links to a failed execution come from the configured `executionUrl` template, because the API
 * documents no page per execution. Every value is URL-encoded, so an ID such as `a/b?c#d` stays
 * one path segment and cannot end a Slack link (`|`, `>`).
 */

const PLACEHOLDERS = ['executionId', 'runId', 'workflowId'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];
const PLACEHOLDER_PATTERN = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** encodeURIComponent, plus the sub-delimiters it leaves alone (`!'()*`), as RFC 3986 reserves. */
function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The template with `{executionId}` `{runId}` `{workflowId}` filled in; a missing value -> "". */
export function renderExecutionUrl(template: string, failure: FailedExecution): string {
  const values: Record<Placeholder, string | null> = {
    executionId: failure.executionId,
    runId: failure.runId,
    workflowId: failure.workflowId,
  };
  return template.replace(PLACEHOLDER_PATTERN, (whole, name: string) =>
    isPlaceholder(name) ? encodeComponent(values[name] ?? '') : whole,
  );
}

const SAMPLE: FailedExecution = {
  executionId: 'exec-1',
  runId: 'run-1',
  workflowId: 'workflow-1',
  sourceSystem: null,
  status: 'workflow_failed',
  statusReason: null,
  createdAt: null,
  finishedAt: null,
};

/**
 * Why `template` cannot be used, or null when it can: it must name the execution
 * (`{executionId}` or `{runId}`), use no other `{placeholder}`, and give an http(s) URL once
 * filled in.
 */
export function validateExecutionUrlTemplate(template: string): string | null {
  const names = [...template.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1] ?? '');
  const unknown = names.find((name) => !isPlaceholder(name));
  if (unknown !== undefined) {
    return `unknown placeholder {${unknown}}: use {executionId}, {runId} or {workflowId}`;
  }
  if (!names.includes('executionId') && !names.includes('runId')) {
    return 'must contain {executionId} or {runId}, so that each failure gets its own link';
  }
  let url: URL;
  try {
    url = new URL(renderExecutionUrl(template, SAMPLE));
  } catch {
    return 'is not a valid URL once the placeholders are filled in';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `must be an http:// or https:// URL, not ${url.protocol}`;
  }
  return null;
}
