import type { CustomRoute } from '@slack/bolt';

/**
 * `GET /healthz`: liveness. 200 while the process serves requests, 503 once it is shutting down,
 * so a load balancer stops sending traffic before the port closes.
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

/** Whether the bot can do its work; `reason` says why not (e.g. the state DB file was deleted). */
export type Readiness =
  | { readonly status: 'ready' }
  | { readonly status: 'starting' | 'stopping' }
  | { readonly status: 'unusable'; readonly reason: string };

export const READY: Readiness = { status: 'ready' };

/**
 * What `/readyz` reports: stopping first (it is final), then starting (schedules not started yet),
 * then the process's own checks (`check`, e.g. the state DB still being the file at its path).
 */
export function readinessOf(phase: {
  readonly started: boolean;
  readonly stopping: boolean;
  readonly check?: () => Readiness;
}): Readiness {
  if (phase.stopping) return { status: 'stopping' };
  if (!phase.started) return { status: 'starting' };
  return phase.check?.() ?? READY;
}

/**
 * `GET /readyz`: readiness. 200 when the bot can do its work, 503 while starting, stopping, or
 * when it cannot (the state DB deleted or replaced under it): an orchestrator takes it out of
 * service and an operator sees why in the body. `/healthz` stays the liveness probe.
 */
export function readyRoute(readiness: () => Readiness): CustomRoute {
  return {
    path: '/readyz',
    method: ['GET'],
    handler: (_req, res) => {
      const state = readiness();
      res.writeHead(state.status === 'ready' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(state));
    },
  };
}
