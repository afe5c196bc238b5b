import type { CommandGrammar } from '../commands/grammar.js';
import type { Feature, QueryHandler } from '../features/feature.js';
import type { InFlightWork } from '../lifecycle/in-flight.js';
import type { Logger } from '../logging/logger.js';

/** What the core listeners need; each handler types only the part it uses. */
export interface ListenerDeps {
  readonly logger: Logger;
  readonly inFlight: InFlightWork;
  /** `/exec-stats` with every feature's subcommands and help. */
  readonly grammar: CommandGrammar;
  /** The command with no subcommand word (the stats query), from the feature that answers it. */
  readonly query: QueryHandler | null;
  /** The subcommands the enabled features answer, merged. */
  readonly subcommands: NonNullable<Feature['subcommands']>;
  /** The team the bot is installed in (auth.test at start); null before it is known. */
  readonly workspace: () => string | null;
}
