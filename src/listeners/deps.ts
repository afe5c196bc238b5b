import type { CommandGrammar } from '../commands/grammar.js';
import type { StatsReplyDeps } from '../commands/stats-reply.js';
import type { Feature } from '../features/feature.js';
import type { InFlightWork } from '../lifecycle/in-flight.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';

/** What the listeners need; each handler types only the part it uses. */
export interface ListenerDeps extends StatsReplyDeps {
  readonly userTimeZones: UserTimeZones;
  readonly inFlight: InFlightWork;
  /** `/exec-stats` with every feature's subcommands and help. */
  readonly grammar: CommandGrammar;
  /** The subcommands the enabled features answer, merged. */
  readonly subcommands: NonNullable<Feature['subcommands']>;
  /** The team the bot is installed in (auth.test at start); null before it is known. */
  readonly workspace: () => string | null;
}
