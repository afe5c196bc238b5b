import type { StatsConfig } from './config.js';

/** Placeholders a link template may use; the message builders fill them in, URL-encoded. */
export const EXECUTION_URL_PLACEHOLDERS = ['executionId', 'runId', 'workflowId'] as const;

/** Where simulated executions "live": `.invalid` can never resolve, so no link leads anywhere real. */
const SIMULATOR_EXECUTION_URL = 'https://simulator.invalid/executions/{executionId}';

/** Null when `template` is a usable link template, else what is wrong with it. */
export function checkExecutionUrlTemplate(template: string): string | null {
  const used = [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
  const unknown = used.filter(
    (name) => !(EXECUTION_URL_PLACEHOLDERS as readonly string[]).includes(name),
  );
  const allowed = EXECUTION_URL_PLACEHOLDERS.map((name) => `{${name}}`).join(', ');
  if (unknown.length > 0) {
    return `unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')}; use ${allowed}`;
  }
  if (!used.includes('executionId') && !used.includes('runId')) {
    return `must contain {executionId} or {runId}, e.g. "https://app.example.com/executions/{executionId}"`;
  }
  let url: URL;
  try {
    url = new URL(template.replaceAll(/\{[^{}]*\}/g, 'x'));
  } catch {
    return 'is not a URL; write a full link starting with https:// and containing {executionId}';
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
