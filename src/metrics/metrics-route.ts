import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from './metrics.js';

/**
 * `GET /metrics`: Prometheus' text format, for a scraper on the same network as the bot. `ready`
 * gives `/readyz`'s answer at scrape time, so an outage of the state DB shows in the metrics too.
 */
export function metricsRoute(metrics: Metrics, ready: () => boolean): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: async (_req, res) => {
      metrics.ready.set(ready() ? 1 : 0);
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(body);
    },
  };
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Times each request Slack sends (a POST) until its answer is written: that answer is the ack,
 * so this is the latency Slack's 3-second limit applies to.
 */
export function timeSlackRequests(listener: RequestListener, metrics: Metrics): RequestListener {
  return (req, res) => {
    if (req.method === 'POST') {
      const stop = metrics.slackRequestSeconds.startTimer();
      res.once('finish', () => stop({ status: String(res.statusCode) }));
    }
    listener(req, res);
  };
}
