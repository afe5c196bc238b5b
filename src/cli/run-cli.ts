import { runCheckConfig } from './check-config.js';
import { runDemo } from './demo.js';
import type { CliIo } from './io.js';
import { runPreview } from './preview.js';
import { runReplay } from './replay.js';

const USAGE = `usage: exec-stats <command>

  demo                     the bot's replies against the built-in simulator (no credentials)
  preview [WINDOW] [--json] fetch stats with the configured API and print the message
  check-config             validate env and config file; list digests and their next runs
  replay [--scenario NAME] [--hours N] [--per-source] [--full]
                           run the alert rules over simulated hours; print incidents and messages
`;

/** `npx exec-stats …`: the operator's commands. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'demo':
      return runDemo(io);
    case 'preview':
      return runPreview(rest, io);
    case 'check-config':
      return runCheckConfig(io);
    case 'replay':
      return runReplay(rest, io);
    case undefined:
    case 'help':
    case '--help':
      io.out(USAGE);
      return 0;
    default:
      io.err(`exec-stats: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
