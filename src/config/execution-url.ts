import type { FailedExecution } from '../stats/types.js';
import type { StatsConfig } from './config.js';

/**
 * The one module for links to a failed execution: the `executionUrl` template is checked here at
 * config load, and filled in here by the message builders. Links come from a template because the
 * API documents no page per execution. Every value is URL-encoded, so an ID such as `a/b?c#d`
 * stays one path segment and cannot end a Slack link (`|`, `>`).
 */

/** Placeholders a link template may use; the message builders fill them in, URL-encoded. */
export const EXECUTION_URL_PLACEHOLDERS = ['executionId', 'runId', 'workflowId'] as const;
type Placeholder = (typeof EXECUTION_URL_PLACEHOLDERS)[number];
const ANY_PLACEHOLDER = /\{([^{}]*)\}/g;

/** Where simulated executions "live": `.invalid` can never resolve, so no link leads anywhere real. */
const SIMULATOR_EXECUTION_URL = 'https://simulator.invalid/executions/{executionId}';

function isPlaceholder(name: string): name is Placeholder {
  return (EXECUTION_URL_PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * Null when `template` is a usable link template, else what is wrong with it: it must name the
 * execution (`{executionId}` or `{runId}`), use no other `{…}`, and be an http(s) URL.
 */
export function checkExecutionUrlTemplate(template: string): string | null {
  const used = [...template.matchAll(ANY_PLACEHOLDER)].map((match) => match[1] ?? '');
  const unknown = used.filter((name) => !isPlaceholder(name));
  const allowed = EXECUTION_URL_PLACEHOLDERS.map((name) => `{${name}}`).join(', ');
  if (unknown.length > 0) {
    return `unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')}; use ${allowed}`;
  }
  if (!used.includes('executionId') && !used.includes('runId')) {
    return `must contain {executionId} or {runId}, e.g. "https://app.example.com/executions/{executionId}"`;
  }
  let url: URL;
  try {
    url = new URL(template.replaceAll(ANY_PLACEHOLDER, 'x'));
  } catch {
    return 'is not a valid URL; write a full link starting with https:// and containing {executionId}';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `must be an http(s) link, not ${url.protocol}`;
  }
  return null;
}

/** `{STATS_API_URL}/v1/executions/{executionId}`, or a link that cannot resolve for the simulator. */
export function defaultExecutionUrlTemplate(stats: StatsConfig): string {
  if (stats.kind === 'simulator') return SIMULATOR_EXECUTION_URL;
  return `${stats.url.replace(/\/+$/, '')}/v1/executions/{executionId}`;
}

/**
 * Whether the message builders may link with `template`. Config load has already refused a bad
 * one; this guards templates given directly (the demo, tests), and is remembered per template so
 * a message does not check it again.
 */
export function isLinkableTemplate(template: string): boolean {
  let answer = linkable.get(template);
  if (answer === undefined) {
    answer = checkExecutionUrlTemplate(template) === null;
    if (linkable.size >= MAX_REMEMBERED) linkable.clear();
    linkable.set(template, answer);
  }
  return answer;
}

const MAX_REMEMBERED = 100;
const linkable = new Map<string, boolean>();

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
  return template.replace(ANY_PLACEHOLDER, (whole, name: string) =>
    isPlaceholder(name) ? encodeComponent(values[name] ?? '') : whole,
  );
}
