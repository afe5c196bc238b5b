import type { AddressInfo } from 'node:net';
import { App, type AppOptions, HTTPReceiver, type webApi } from '@slack/bolt';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import { createInFlightWork } from './lifecycle/in-flight.js';
import { registerListeners } from './listeners/index.js';
import { toBoltLogger } from './logging/bolt-logger.js';
import type { Logger } from './logging/logger.js';
import { healthRoute } from './slack/health-route.js';
import { refuseSkewedRequests } from './slack/request-age-guard.js';
import { createUserTimeZones } from './slack/user-time-zone.js';
import type { StatsSource } from './stats/types.js';

export interface ExecStatsAppOptions {
  readonly config: Pick<Config, 'slack' | 'timezone' | 'executionUrlTemplate' | 'port'>;
  readonly stats: StatsSource;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Extra Slack Web API client options: tests shorten Slack's retry policy with these. */
  readonly webClientOptions?: Partial<webApi.WebClientOptions>;
}

export interface ExecStatsApp {
  readonly bolt: App;
  /** Verifies the bot token, then listens (HTTP) or connects (Socket Mode). */
  start(): Promise<{ port: number | null }>;
  /** Stops taking requests, then waits up to `drainMs` for replies already under way. */
  stop(drainMs?: number): Promise<void>;
}

/** Builds the Bolt app from config and dependencies; wiring only, the work is in listeners/. */
export function createExecStatsApp(options: ExecStatsAppOptions): ExecStatsApp {
  const { config, logger, clock } = options;
  let healthy = true;
  const inFlight = createInFlightWork();
  const boltLogger = toBoltLogger(logger.child({ component: 'bolt' }));
  const socketMode = config.slack.mode === 'socket';

  const customRoutes = [healthRoute(() => healthy)];
  const common: AppOptions = {
    token: config.slack.botToken ?? undefined,
    logger: boltLogger,
    deferInitialization: true,
    clientOptions: {
      ...(config.slack.apiUrl === null ? {} : { slackApiUrl: config.slack.apiUrl }),
      ...options.webClientOptions,
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
    receiver.requestListener = refuseSkewedRequests(receiver.requestListener, clock);
    return receiver;
  }

  const userTimeZones = createUserTimeZones({
    client: bolt.client,
    fallback: config.timezone,
    clock,
    logger,
  });
  registerListeners(bolt, {
    stats: options.stats,
    clock,
    logger,
    executionUrlTemplate: config.executionUrlTemplate,
    userTimeZones,
    inFlight,
  });
  bolt.error(async (error) => {
    logger.error('unhandled error in a listener', { error });
  });

  return {
    bolt,
    async start() {
      await bolt.init();
      const started: unknown = await bolt.start(config.port);
      const address = socketMode
        ? null
        : (started as { address(): AddressInfo | string | null }).address();
      const port = address !== null && typeof address === 'object' ? address.port : null;
      logger.info('exec-stats is running', { mode: config.slack.mode, port: port ?? config.port });
      return { port };
    },
    async stop(drainMs = 10_000) {
      healthy = false;
      await bolt.stop();
      const drained = await inFlight.drain(drainMs);
      if (!drained) logger.warn('stopped with replies still under way', { pending: inFlight.size });
    },
  };
}
