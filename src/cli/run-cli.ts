import { readFileSync } from 'node:fs';
import {
  type CommandHelp,
  closest,
  formatHelp,
  type OptionSpec,
  parseArgs,
  usageError,
} from './command-line.js';
import type { CliIo } from './io.js';

/**
 * `npx exec-stats …`: the operator's commands. Each command's module is loaded only when it runs,
 * so `--help` and `--version` answer at once, and one command's imports cannot break another.
 */

interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}

const VERSION_OPTION: OptionSpec = { name: 'version', short: 'v', help: 'print the version' };

const COMMANDS: readonly Command[] = [
  {
    name: 'demo',
    summary: "the bot's replies against the built-in simulator (no credentials, no network)",
    run: runDemoCommand,
  },
  {
    name: 'preview',
    summary: 'fetch stats with the configured API and print the message /exec-stats would reply',
    run: async (args, io) => (await import('./preview.js')).runPreview(args, io),
  },
  {
    name: 'check-config',
    summary: 'validate env and config file; list digests and their next runs',
    run: async (args, io) => (await import('./check-config.js')).runCheckConfig(args, io),
  },
  {
    name: 'replay',
    summary: 'run the alert rules over simulated hours; print incidents and messages',
    run: async (args, io) => (await import('./replay.js')).runReplay(args, io),
  },
];

export const CLI_HELP: CommandHelp = {
  usage: 'exec-stats <command> [options]',
  summary:
    'The operator commands of the exec-stats Slack bot (the bot itself runs with npm start).',
  sections: [{ title: 'Commands', rows: COMMANDS.map((c) => [c.name, c.summary] as const) }],
  options: [VERSION_OPTION],
  notes: ['Run "exec-stats <command> --help" for the options of a command.'],
};

export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h') {
    io.out(formatHelp(CLI_HELP));
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(`exec-stats ${packageVersion()}\n`);
    return 0;
  }
  // `exec-stats help preview` is `exec-stats preview --help`.
  if (first === 'help') {
    if (rest[0] === undefined) {
      io.out(formatHelp(CLI_HELP));
      return 0;
    }
    return runCli([rest[0], '--help'], io);
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (command !== undefined) return command.run(rest, io);
  if (first.startsWith('-')) {
    const near = closest(['help', 'version'], first.replace(/^-+/, ''));
    return usageError(
      io,
      'exec-stats',
      `unknown option "${first}"${near === null ? '' : ` (did you mean --${near}?)`}`,
    );
  }
  const near = closest(
    COMMANDS.map((c) => c.name),
    first,
  );
  return usageError(
    io,
    'exec-stats',
    `unknown command "${first}"${near === null ? '' : ` (did you mean ${near}?)`}`,
  );
}

export const DEMO_HELP: CommandHelp = {
  usage: 'exec-stats demo',
  summary:
    "Shows what the bot replies to a few /exec-stats commands, a scheduled digest, and a failure-spike alert with its recovery, all computed by the real code against the built-in simulator and rendered in the terminal, and writes the charts Slack would show with them as PNGs into exec-stats-demo-charts in the OS temp directory (their paths are printed). No credentials, no network. Times are in the zone TZ names (else the machine's zone; UTC when TZ is not a zone name).",
};

/** The demo's own module belongs to the simulator's story; its command line is handled here. */
async function runDemoCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, []);
  if (!parsed.ok) return usageError(io, 'exec-stats demo', parsed.problem);
  if (parsed.help) {
    io.out(formatHelp(DEMO_HELP));
    return 0;
  }
  const extra = parsed.positionals[0];
  if (extra !== undefined) {
    return usageError(io, 'exec-stats demo', `unexpected argument "${extra}"`);
  }
  const { runDemo } = await import('./demo.js');
  return runDemo(io);
}

/**
 * The version in package.json, read at run time: package.json is the one place it is set, and it
 * sits two levels above this file both in src/cli/ and in the compiled dist/cli/. (A JSON import
 * would put package.json outside the build's rootDir.)
 */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const { version } = JSON.parse(text) as { version?: unknown };
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}
