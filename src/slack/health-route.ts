import type { CustomRoute } from '@slack/bolt';

/**
 * `GET /healthz`: 200 while the process serves requests, 503 once it is shutting down, so a load
 * balancer stops sending traffic before the port closes.
 */
export function healthRoute(isHealthy: () => boolean): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      const healthy = isHealthy();
      res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: healthy ? 'ok' : 'stopping' }));
    },
  };
}
