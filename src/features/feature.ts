import type { App, webApi } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { InFlightWork } from '../lifecycle/in-flight.js';
import type { Logger } from '../logging/logger.js';
import type { SlackMessage } from '../messages/message.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ChartImages } from '../slack/chart-images.js';
import type { SlackDelivery } from '../slack/delivery.js';
import type { Permissions } from '../slack/permissions.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';
import type { StatsSource } from '../stats/types.js';

/**
 * What a feature adds to `/exec-stats`, as data: the grammar routes the first word by it and help
 * is assembled from it, in the order runtime/exec-stats-command.ts lists the features. It is
 * known without building the feature, so a subcommand of a feature this deployment leaves off is
 * still recognised (and answered "not enabled") rather than read as a stats query, and the CLI
 * parses exactly what Slack users type.
 */
export interface CommandDeclaration {
  readonly feature: string;
  /** The first words it answers, lowercase; each handler parses the words after its own. */
  readonly subcommands: readonly string[];
  /** Its lines of `/exec-stats help`, each form written as it is typed (with `/exec-stats`). */
  readonly help: readonly string[];
}

/**
 * A capability plugged into the app (scheduled digests, alerts, the Home tab): the
 * handlers of the subcommands it declared, its Bolt listeners, and its schedules, started after
 * the app listens and stopped before it closes. The app knows features only through this
 * interface; runtime/ lists them.
 */
export interface Feature {
  readonly name: string;
  /** The handlers of its declared subcommands, by name. */
  readonly subcommands?: Readonly<Record<string, SubcommandHandler>>;
  /**
   * The command with no subcommand word (`/exec-stats 24h`), for the one feature that answers it
   * (the stats query). Called after the ack, once the grammar has found the words valid.
   */
  readonly query?: QueryHandler;
  /** Registers its listeners (buttons) on the Bolt app; listeners/index.ts calls it once. */
  register?(app: App): void;
  /** Starts its schedules. */
  start?(): Promise<void>;
  /** Stops scheduling new work and lets work under way finish. */
  stop?(): Promise<void>;
}

/** What a feature gets from the app when it is built. */
export interface FeatureContext {
  /** Slack's Web API client, already pointed at SLACK_API_URL and holding the bot token. */
  readonly client: webApi.WebClient;
  /**
   * How scheduled posts reach Slack (digests, alerts): a client per lane with a per-call timeout,
   * no hidden retries and the shared rate gate (alerts before digests).
   */
  readonly delivery: SlackDelivery;
  /** What `/metrics` serves: a feature counts its runs and deliveries there. */
  readonly metrics: Metrics;
  readonly stats: StatsSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly userTimeZones: UserTimeZones;
  /** Who may change what (`admins:` of the YAML file, else workspace admins); fails closed. */
  readonly permissions: Permissions;
  readonly inFlight: InFlightWork;
  /** The configured default zone (used when a user's or digest's zone is unknown). */
  readonly timezone: string;
  readonly executionUrlTemplate: string;
  /**
   * Charts for messages (render, upload, the image to show), or none: charts are off and every
   * message shows its text trend. A message asks for its chart before it is posted; a null image
   * (slow render, failed upload, no files:write) means the text trend, on time.
   */
  readonly charts?: ChartImages;
}

export type FeatureFactory = (context: FeatureContext) => Feature;

/** One `/exec-stats <subcommand> …` as its handler sees it, after the ack. */
export interface SubcommandContext {
  readonly args: readonly string[];
  readonly userId: string;
  readonly channelId: string;
  /** Slack's trigger_id of the command: opens a modal within 3 s of it (`views.open`). */
  readonly triggerId?: string;
  /** Replies to the user: ephemeral unless `inChannel`. */
  respond(message: SlackMessage, options?: { readonly inChannel?: boolean }): Promise<void>;
}

export type SubcommandHandler = (context: SubcommandContext) => Promise<void>;

/** The command with no subcommand word, with the whole text typed after `/exec-stats`. */
export type QueryHandler = (
  context: SubcommandContext & { readonly text: string },
) => Promise<void>;
