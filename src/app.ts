import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type AppOptions, HTTPReceiver, type webApi } from '@slack/bolt';
import { createChartRenderer } from './charts/renderer.js';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import type { Feature, FeatureFactory } from './features/feature.js';
import { createInFlightWork } from './lifecycle/in-flight.js';
import { registerListeners } from './listeners/index.js';
import { toBoltLogger } from './logging/bolt-logger.js';
import type { Logger } from './logging/logger.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { metricsRoute, timeSlackRequests } from './metrics/metrics-route.js';
import { countSlackCalls } from './metrics/slack-call-metrics.js';
import { timeStatsQueries } from './metrics/stats-query-metrics.js';
import { EXEC_STATS_COMMAND } from './runtime/exec-stats-command.js';
import { createSlackDelivery } from './slack/delivery.js';
import { healthRoute, type Readiness, readinessOf, readyRoute } from './slack/health-route.js';
import { createPermissions } from './slack/permissions.js';
import { reportUnreachableSlack } from './slack/reachability.js';
import { refuseSkewedRequests } from './slack/request-age-guard.js';
import { type ChartsSetup, createSlackCharts } from './slack/slack-charts.js';
import { createUserTimeZones } from './slack/user-time-zone.js';
import type { StatsSource } from './stats/types.js';

export interface ExecStatsAppOptions {
  readonly config: Pick<
    Config,
    'slack' | 'timezone' | 'executionUrlTemplate' | 'port' | 'charts'
  > & {
    /** `admins:` of the YAML file (who may change rules and anyone's digests); absent: none set. */
    readonly file?: Pick<Config['file'], 'admins'>;
  };
  readonly stats: StatsSource;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The HTTP server's timeouts and connection cap (HTTP mode); tests shorten them. */
  readonly httpLimits?: Partial<HttpLimits>;
  /** Extra Slack Web API client options: tests shorten Slack's retry policy with these. */
  readonly webClientOptions?: Partial<webApi.WebClientOptions>;
  /** Digests, alerts…: built here, once the Slack client exists. */
  readonly features?: readonly FeatureFactory[];
  /** The process's own readiness checks for `/readyz` (the state DB file), once started. */
  readonly readiness?: () => Readiness;
  /** What `/metrics` serves; a fresh registry (with Node's process metrics) by default. */
  readonly metrics?: Metrics;
  /** Charts in messages (the renderer, deadlines); absent, messages show their text trend. */
  readonly charts?: ChartsSetup;
}

export interface ExecStatsApp {
  readonly bolt: App;
  readonly metrics: Metrics;
  readonly features: readonly Feature[];
  /** Verifies the bot token, then listens (HTTP) or connects (Socket Mode). */
  start(): Promise<{ port: number | null }>;
  /** Stops taking requests, then waits up to `drainMs` for replies already under way. */
  stop(drainMs?: number): Promise<void>;
}

/**
 * Limits on the HTTP server Slack posts to, so slow or idle connections cannot pile up (Node's own
 * defaults hold a request 300 s and take connections without end). Slack sends each request whole
 * in one go and gives up on our answer after 3 s, and we ack before any work, so a request from
 * Slack is over in well under a second: each limit is several times longer than that, and a
 * stalled client is cut off within about `headersTimeoutMs` + `checkIntervalMs`.
 */
export interface HttpLimits {
  /** The whole header must arrive within this. */
  readonly headersTimeoutMs: number;
  /** The whole request (header and body) must arrive within this. */
  readonly requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** A socket with no traffic either way is closed after this. */
  readonly idleTimeoutMs: number;
  /** How often Node checks the two request timeouts (its default, 30 s, would stretch them). */
  readonly checkIntervalMs: number;
  /** Connections open at once; further ones are closed at once until some end. */
  readonly maxConnections: number;
}

export const HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 20_000,
  checkIntervalMs: 1_000,
  maxConnections: 256,
};

/** Every call of Bolt's client answers or fails within this (its default waits for ever). */
const SLACK_CALL_TIMEOUT_MS = 10_000;

const SLACK_RETRIES = {
  retries: 5,
  factor: 2,
  minTimeout: 1000,
  maxTimeout: 20_000,
  randomize: true,
};

/** Builds the Bolt app from config and dependencies; wiring only, the work is in listeners/. */
export function createExecStatsApp(options: ExecStatsAppOptions): ExecStatsApp {
  const { config, logger, clock } = options;
  const metrics = options.metrics ?? createMetrics({ processMetrics: true });
  const stats = timeStatsQueries(options.stats, metrics);
  let healthy = true;
  let listening = false;
  let running = false; // features started: /readyz may answer 200
  const inFlight = createInFlightWork();
  const boltLogger = toBoltLogger(logger.child({ component: 'bolt' }));
  const socketMode = config.slack.mode === 'socket';

  const readiness = () =>
    readinessOf({ started: running, stopping: !healthy, check: options.readiness });
  const customRoutes = [
    healthRoute(() => healthy),
    readyRoute(readiness),
    metricsRoute(metrics, () => readiness().status === 'ready'),
  ];
  const { fetch: baseFetch, ...webClientOptions } = options.webClientOptions ?? {};
  // The client's own failure line has no URL and no cause; this names both, once per outage.
  const fetch = countSlackCalls(
    metrics,
    reportUnreachableSlack(logger.child({ component: 'slack' }), baseFetch),
  );
  const common: AppOptions = {
    token: config.slack.botToken ?? undefined,
    logger: boltLogger,
    deferInitialization: true,
    clientOptions: {
      ...(config.slack.apiUrl === null ? {} : { slackApiUrl: config.slack.apiUrl }),
      // Slack's default retries for about 30 minutes: a wrong SLACK_API_URL would hang the start
      // that long. About a minute of backoff rides out a hiccup and still fails in good time.
      retryConfig: SLACK_RETRIES,
      timeout: SLACK_CALL_TIMEOUT_MS,
      ...webClientOptions,
      fetch,
    },
  };
  const bolt = new App(
    socketMode
      ? {
          ...common,
          socketMode: true,
          appToken: config.slack.appToken ?? undefined,
          customRoutes,
          installerOptions: { port: config.port },
        }
      : { ...common, receiver: httpReceiver() },
  );

  function httpReceiver(): HTTPReceiver {
    const receiver = new HTTPReceiver({
      signingSecret: config.slack.signingSecret ?? '',
      port: config.port,
      customRoutes,
      logger: boltLogger,
    });
    receiver.requestListener = timeSlackRequests(
      refuseSkewedRequests(receiver.requestListener, clock),
      metrics,
    );
    return receiver;
  }

  const userTimeZones = createUserTimeZones({
    client: bolt.client,
    fallback: config.timezone,
    clock,
    logger,
  });
  // One for every feature, so Slack's answers (roles, groups, channel members) are cached once.
  const permissions = createPermissions({
    client: bolt.client,
    admins: config.file?.admins ?? null,
    clock,
    logger,
  });
  // Digests and alerts post through their own client: see slack/delivery.ts.
  const delivery = createSlackDelivery({
    token: config.slack.botToken ?? undefined,
    apiUrl: config.slack.apiUrl,
    fetch,
    logger: boltLogger,
    ...(webClientOptions.timeout === undefined ? {} : { timeoutMs: webClientOptions.timeout }),
  });
  // Charts: the setup given (tests), else the real renderer when the config turns them on.
  const chartsSetup =
    options.charts ?? (config.charts === true ? { renderer: createChartRenderer() } : undefined);
  const charts =
    chartsSetup === undefined
      ? undefined
      : createSlackCharts(
          chartsSetup,
          { token: config.slack.botToken ?? undefined, apiUrl: config.slack.apiUrl, fetch },
          { logger, metrics },
        );
  const features = (options.features ?? []).map((build) =>
    build({
      client: bolt.client,
      delivery,
      metrics,
      stats,
      clock,
      logger,
      userTimeZones,
      permissions,
      inFlight,
      timezone: config.timezone,
      executionUrlTemplate: config.executionUrlTemplate,
      ...(charts === undefined ? {} : { charts }),
    }),
  );
  // Who may change what, in Bolt's context for every listener: the alert buttons read it there.
  bolt.use(async ({ context, next }) => {
    context.permissions = permissions;
    await next();
  });
  registerListeners(
    bolt,
    {
      logger,
      inFlight,
      grammar: EXEC_STATS_COMMAND,
      workspace: () => workspace,
      query: features.find((feature) => feature.query !== undefined)?.query ?? null,
      subcommands: Object.assign({}, ...features.map((feature) => feature.subcommands ?? {})),
    },
    features,
  );
  const httpLimits: HttpLimits = { ...HTTP_LIMITS, ...options.httpLimits };
  let workspace: string | null = null; // the team the bot is installed in, from auth.test
  bolt.error(async (error) => {
    logger.error('unhandled error in a listener', { error });
  });

  return {
    bolt,
    metrics,
    features,
    async start() {
      await bolt.init();
      // Bolt's own auth.test keeps no team: ask once more, so buttons from elsewhere are refused.
      const auth = await bolt.client.auth.test();
      workspace = typeof auth.team_id === 'string' ? auth.team_id : null;
      const started: unknown = socketMode
        ? await bolt.start(config.port)
        : await bolt.start(config.port, {
            headersTimeout: httpLimits.headersTimeoutMs,
            requestTimeout: httpLimits.requestTimeoutMs,
            keepAliveTimeout: httpLimits.keepAliveTimeoutMs,
            connectionsCheckingInterval: httpLimits.checkIntervalMs,
          });
      listening = true;
      if (!socketMode) {
        const server = started as Server;
        server.maxConnections = httpLimits.maxConnections;
        server.setTimeout(httpLimits.idleTimeoutMs); // an idle socket is destroyed
      }
      const address = socketMode
        ? null
        : (started as { address(): AddressInfo | string | null }).address();
      const port = address !== null && typeof address === 'object' ? address.port : null;
      for (const feature of features) await feature.start?.();
      running = true;
      logger.info('exec-stats is running', {
        mode: config.slack.mode,
        port: port ?? config.port,
        features: features.map((feature) => feature.name),
      });
      return { port };
    },
    async stop(drainMs = 10_000) {
      if (!healthy) return; // already stopping or stopped
      healthy = false;
      // Deliveries waiting on a retry or the rate gate end at once (the outbox and the post
      // ledger keep them for the next start), then schedules, so nothing new starts while
      // requests and replies wind down.
      delivery.stop();
      for (const feature of features) await feature.stop?.();
      // A stop during start (Slack still unreachable) has no port to close yet.
      if (listening) await bolt.stop();
      const drained = await inFlight.drain(drainMs);
      if (!drained) logger.warn('stopped with replies still under way', { pending: inFlight.size });
    },
  };
}
