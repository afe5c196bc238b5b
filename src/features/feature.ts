import type { App, webApi } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { SubcommandName } from '../commands/grammar.js';
import type { InFlightWork } from '../lifecycle/in-flight.js';
import type { Logger } from '../logging/logger.js';
import type { SlackMessage } from '../messages/message.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';
import type { StatsSource } from '../stats/types.js';

/**
 * A capability plugged into the app beside `/exec-stats` (scheduled digests, alerts): its
 * subcommands, its Bolt listeners, and its background work, started after the app listens and
 * stopped before it closes. Features never edit app.ts; main.ts lists them.
 */
export interface Feature {
  readonly name: string;
  readonly subcommands?: Partial<Record<SubcommandName, SubcommandHandler>>;
  /** Registers the feature's listeners (buttons) on the Bolt app. */
  register?(app: App): void;
  start?(): Promise<void>;
  /** Stops scheduling new work and lets work under way finish. */
  stop?(): Promise<void>;
}

/** What a feature gets from the app when it is built. */
export interface FeatureContext {
  /** Slack's Web API client, already pointed at SLACK_API_URL and holding the bot token. */
  readonly client: webApi.WebClient;
  readonly stats: StatsSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly userTimeZones: UserTimeZones;
  readonly inFlight: InFlightWork;
  /** The configured default zone (used when a user's or digest's zone is unknown). */
  readonly timezone: string;
  readonly executionUrlTemplate: string;
}

export type FeatureFactory = (context: FeatureContext) => Feature;

/** One `/exec-stats <subcommand> …` as its handler sees it, after the ack. */
export interface SubcommandContext {
  readonly args: readonly string[];
  readonly userId: string;
  readonly channelId: string;
  /** Replies to the user: ephemeral unless `inChannel`. */
  respond(message: SlackMessage, options?: { readonly inChannel?: boolean }): Promise<void>;
}

export type SubcommandHandler = (context: SubcommandContext) => Promise<void>;
