import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.js';
import { fakeIo } from './fake-io.js';

const COMMANDS = ['demo', 'preview', 'check-config', 'replay'] as const;

/**
 * The column at which each row's description starts, in one titled section of a help text. A row
 * is a line with a term indented by at most 6 spaces (`  -h, --help`, `      --json`); wrapped
 * description lines are indented further and are skipped.
 */
function descriptionColumns(help: string, title: string): number[] {
  const section = help.split('\n\n').find((block) => block.startsWith(`${title}:`)) ?? '';
  return section
    .split('\n')
    .slice(1)
    .map((line) => /^ {2,6}\S(?:.*?\S)? {2,}(?=\S)/.exec(line)?.[0].length)
    .filter((column) => column !== undefined);
}

describe('exec-stats (top level)', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])(
    '%j prints the commands and exits 0',
    async (args) => {
      const { io, out, err } = fakeIo();
      expect(await runCli(args, io)).toBe(0);
      expect(out()).toMatch(/^usage: exec-stats <command> \[options\]/);
      for (const command of COMMANDS) expect(out()).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
      expect(err()).toBe('');
    },
  );

  it('--version and -v print the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const { io, out } = fakeIo();
      expect(await runCli([flag], io)).toBe(0);
      expect(out()).toBe(`exec-stats ${version}\n`);
    }
  });

  it('an unknown command exits 2 with a short hint, not the whole usage', async () => {
    const { io, out, err } = fakeIo();
    expect(await runCli(['replai'], io)).toBe(2);
    expect(err()).toBe(
      'exec-stats: unknown command "replai" (did you mean replay?)\nRun "exec-stats --help" for usage.\n',
    );
    expect(out()).toBe('');
  });

  it('an unknown option exits 2', async () => {
    const { io, err } = fakeIo();
    expect(await runCli(['--verison'], io)).toBe(2);
    expect(err()).toContain('unknown option "--verison" (did you mean --version?)');
  });

  it('the command list lines up: every description starts in the same column', async () => {
    const { io, out } = fakeIo();
    await runCli(['--help'], io);
    const columns = descriptionColumns(out(), 'Commands');
    expect(columns).toHaveLength(COMMANDS.length);
    expect(new Set(columns).size).toBe(1);
  });
});

describe.each(COMMANDS)('exec-stats %s', (command) => {
  it.each(['--help', '-h'])(`${command} %s prints its usage and exits 0`, async (flag) => {
    const { io, out, err } = fakeIo();
    expect(await runCli([command, flag], io)).toBe(0);
    expect(out()).toMatch(new RegExp(`^usage: exec-stats ${command}\\b`));
    expect(out()).toMatch(/^ {2}-h, --help +show this help$/m);
    expect(err()).toBe('');
  });

  it('help COMMAND is COMMAND --help', async () => {
    const viaHelp = fakeIo();
    const viaFlag = fakeIo();
    await runCli(['help', command], viaHelp.io);
    await runCli([command, '--help'], viaFlag.io);
    expect(viaHelp.out()).toBe(viaFlag.out());
  });

  it('its help fits 80 columns and its options line up', async () => {
    const { io, out } = fakeIo();
    await runCli([command, '--help'], io);
    for (const line of out().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const columns = descriptionColumns(out(), 'Options');
    expect(columns.length).toBeGreaterThan(0);
    expect(new Set(columns).size).toBe(1);
  });

  it('an unknown option exits 2 with a one-line hint', async () => {
    const { io, out, err } = fakeIo({ EXEC_STATS_SIMULATOR: '1' });
    expect(await runCli([command, '--bogus'], io)).toBe(2);
    expect(err()).toBe(
      `exec-stats ${command}: unknown option "--bogus"\nRun "exec-stats ${command} --help" for usage.\n`,
    );
    expect(out()).toBe('');
  });
});

describe('commands without arguments', () => {
  it.each(['demo', 'check-config'])('%s refuses a stray argument with exit 2', async (command) => {
    const { io, out, err } = fakeIo();
    expect(await runCli([command, 'now'], io)).toBe(2);
    expect(err()).toContain(`exec-stats ${command}: unexpected argument "now"`);
    expect(out()).toBe('');
  });
});
