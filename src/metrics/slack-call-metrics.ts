import type { webApi } from '@slack/bolt';
import type { Metrics } from './metrics.js';

/**
 * Counts every Web API call by method and outcome, from the one place every call passes: the
 * `fetch` the Slack clients use. Slack answers most errors with HTTP 200 and `ok: false`, so the
 * outcome is read from a copy of the body.
 */
export function countSlackCalls(
  metrics: Metrics,
  fetchFn: webApi.FetchFunction,
): webApi.FetchFunction {
  return async (url, init) => {
    const method = methodOf(url);
    try {
      const response = await fetchFn(url, init);
      if (response.status !== 200) {
        const outcome = response.status === 429 ? 'rate_limited' : `http_${response.status}`;
        metrics.slackCalls.inc({ method, outcome });
        return response;
      }
      // The body can be read once: read it here, hand the client a copy.
      const body = await response.text();
      metrics.slackCalls.inc({ method, outcome: outcomeOf(body) });
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: Object.fromEntries(response.headers.entries()),
      });
    } catch (error) {
      const outcome = (error as { name?: unknown }).name === 'TimeoutError' ? 'timeout' : 'network';
      metrics.slackCalls.inc({ method, outcome });
      throw error;
    }
  };
}

function methodOf(url: string | URL): string {
  const href = typeof url === 'string' ? url : url.href;
  const last = href.split('?')[0]?.split('/').pop() ?? '';
  // Slack's method names only: a stray URL cannot grow the label set.
  return /^[a-z][a-zA-Z]*(\.[a-zA-Z]+)+$/.test(last) ? last : 'other';
}

function outcomeOf(text: string): string {
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: unknown };
    if (body.ok === true) return 'ok';
    return typeof body.error === 'string' && /^[a-z_]{1,60}$/.test(body.error)
      ? body.error
      : 'error';
  } catch {
    return 'unreadable';
  }
}
