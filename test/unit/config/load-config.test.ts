import { describe, expect, it } from 'vitest';
import { formatProblems, loadConfig } from '../../../src/config/load-config.js';

const BOT_TOKEN = 'xoxb-1111-2222-abcdefghijklmnopqrstuvwx';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const STATS_TOKEN = 'stats-token-very-secret-value-42';

const ENV = {
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  STATS_API_URL: 'https://stats.example.com/',
  STATS_API_TOKEN: STATS_TOKEN,
};

/** A file system of the given files; records which paths were asked for. */
function files(contents: Record<string, string>) {
  const asked: string[] = [];
  const readFile = (path: string): string | null => {
    asked.push(path);
    return contents[path] ?? null;
  };
  return { readFile, asked };
}

function load(
  env: Record<string, string | undefined>,
  fs: Record<string, string> = {},
  cwd = '/srv/bot',
) {
  return loadConfig({ env, purpose: 'start', readFile: files(fs).readFile, cwd });
}

function configOf(result: ReturnType<typeof loadConfig>) {
  if (!result.ok) throw new Error(formatProblems(result.problems));
  return result.config;
}

describe('loadConfig', () => {
  it('works with no file at all, every default applied', () => {
    const fs = files({});
    const result = loadConfig({
      env: ENV,
      purpose: 'start',
      readFile: fs.readFile,
      cwd: '/srv/bot',
    });
    const config = configOf(result);
    expect(config).toMatchObject({
      timezone: 'UTC',
      executionUrlTemplate: 'https://stats.example.com/v1/executions/{executionId}',
      dbPath: '/srv/bot/data/exec-stats.db',
      port: 3000,
      logLevel: 'info',
      configPath: null,
      file: { timezone: 'UTC', executionUrl: null, digests: [], alerts: null, admins: null },
    });
    expect(fs.asked).toEqual(['/srv/bot/.env', '/srv/bot/exec-stats.yml']);
  });

  it('reads ./exec-stats.yml when it exists', () => {
    const config = configOf(load(ENV, { '/srv/bot/exec-stats.yml': 'timezone: Europe/Berlin\n' }));
    expect(config.timezone).toBe('Europe/Berlin');
    expect(config.configPath).toBe('/srv/bot/exec-stats.yml');
  });

  it('reads the file EXEC_STATS_CONFIG names, relative to cwd', () => {
    const config = configOf(
      load(
        { ...ENV, EXEC_STATS_CONFIG: 'conf/bot.yml' },
        { '/srv/bot/conf/bot.yml': 'executionUrl: "https://ci.example.com/r/{runId}"\n' },
      ),
    );
    expect(config.executionUrlTemplate).toBe('https://ci.example.com/r/{runId}');
    expect(config.configPath).toBe('/srv/bot/conf/bot.yml');
  });

  it('fails when EXEC_STATS_CONFIG names a missing file', () => {
    const result = load(
      { ...ENV, EXEC_STATS_CONFIG: '/etc/exec-stats.yml' },
      { '/srv/bot/exec-stats.yml': '' },
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          key: 'EXEC_STATS_CONFIG',
          message: expect.stringMatching(/file not found: \/etc\/exec-stats.yml/),
        },
      ],
    });
  });

  it('reports a file that cannot be read', () => {
    const result = loadConfig({
      env: ENV,
      purpose: 'start',
      cwd: '/srv/bot',
      readFile: (path) => {
        if (path.endsWith('.yml')) throw new Error(`EACCES: permission denied, open '${path}'`);
        return null;
      },
    });
    expect(result.ok ? [] : result.problems).toEqual([
      { key: './exec-stats.yml', message: expect.stringMatching(/cannot be read: EACCES/) },
    ]);
  });

  it.each([
    ['the API', ENV, 'https://stats.example.com/v1/executions/{executionId}'],
    [
      'an API below a path',
      { ...ENV, STATS_API_URL: 'https://example.com/stats/' },
      'https://example.com/stats/v1/executions/{executionId}',
    ],
    [
      'the simulator',
      { ...ENV, EXEC_STATS_SIMULATOR: '1', STATS_API_URL: undefined, STATS_API_TOKEN: undefined },
      'https://simulator.invalid/executions/{executionId}',
    ],
  ])('derives the default link template for %s', (_name, env, template) => {
    expect(configOf(load(env)).executionUrlTemplate).toBe(template);
  });

  it('collects env and file problems together', () => {
    const result = load(
      { ...ENV, PORT: 'eighty' },
      { '/srv/bot/exec-stats.yml': 'timezone: Atlantis\n' },
    );
    expect(result.ok ? [] : result.problems.map((p) => p.key)).toEqual(['PORT', 'timezone']);
  });

  it('passes on the env warnings', () => {
    const result = load({ ...ENV, EXEC_STATS_SIMULATOR: '1' });
    expect(result.ok && result.warnings.join('\n')).toMatch(/STATS_API_URL is ignored/);
  });

  it('keeps SQLite special names and absolute paths as they are', () => {
    expect(configOf(load({ ...ENV, EXEC_STATS_DB: ':memory:' })).dbPath).toBe(':memory:');
    expect(configOf(load({ ...ENV, EXEC_STATS_DB: '/var/lib/x.db' })).dbPath).toBe('/var/lib/x.db');
  });

  it('leaves paths relative without a cwd', () => {
    const result = loadConfig({ env: ENV, purpose: 'start', readFile: () => null });
    expect(configOf(result).dbPath).toBe('./data/exec-stats.db');
  });
});

describe('loadConfig and .env', () => {
  const DOT_ENV = [
    `SLACK_BOT_TOKEN=${BOT_TOKEN}`,
    `SLACK_SIGNING_SECRET=${SIGNING_SECRET}`,
    'STATS_API_URL=https://from-dotenv.example.com',
    `STATS_API_TOKEN=${STATS_TOKEN}`,
    'PORT=4000',
    'EXEC_STATS_CONFIG=from-dotenv.yml',
  ].join('\n');

  it('reads what the environment lacks from .env', () => {
    const config = configOf(
      load({}, { '/srv/bot/.env': DOT_ENV, '/srv/bot/from-dotenv.yml': 'timezone: Asia/Tokyo\n' }),
    );
    expect(config.port).toBe(4000);
    expect(config.stats).toEqual({
      kind: 'api',
      url: 'https://from-dotenv.example.com',
      token: STATS_TOKEN,
    });
    expect(config.timezone).toBe('Asia/Tokyo');
  });

  it('lets the real environment win over .env', () => {
    const config = configOf(
      load(
        { PORT: '5000', STATS_API_URL: 'https://real.example.com' },
        { '/srv/bot/.env': DOT_ENV, '/srv/bot/from-dotenv.yml': '' },
      ),
    );
    expect(config.port).toBe(5000);
    expect(config.stats.kind === 'api' && config.stats.url).toBe('https://real.example.com');
  });

  it('treats a variable set empty in the environment as set: .env does not fill it', () => {
    const result = load({ PORT: '' }, { '/srv/bot/.env': DOT_ENV, '/srv/bot/from-dotenv.yml': '' });
    expect(configOf(result).port).toBe(3000);
  });

  it('can be told not to read .env', () => {
    const fs = files({ '/srv/bot/.env': DOT_ENV });
    const result = loadConfig({
      env: ENV,
      purpose: 'start',
      readFile: fs.readFile,
      cwd: '/srv/bot',
      dotEnv: false,
    });
    expect(configOf(result).port).toBe(3000);
    expect(fs.asked).not.toContain('/srv/bot/.env');
  });
});

describe('formatProblems', () => {
  it('lists each problem with its key', () => {
    const text = formatProblems([
      { key: 'PORT', message: 'must be a whole number from 1 to 65535; got "x"' },
      { key: 'alerts.rules[0].failureRate', message: 'must be at most 1' },
    ]);
    expect(text).toBe(
      [
        'Configuration has 2 problems:',
        '  - PORT: must be a whole number from 1 to 65535; got "x"',
        '  - alerts.rules[0].failureRate: must be at most 1',
      ].join('\n'),
    );
  });

  it('says "problem" for one', () => {
    expect(formatProblems([{ key: 'PORT', message: 'bad' }])).toMatch(
      /^Configuration has 1 problem:/,
    );
  });

  it('never prints a secret from a failed start', () => {
    const result = load({
      ...ENV,
      SLACK_BOT_TOKEN: `Bearer ${BOT_TOKEN}`,
      STATS_API_TOKEN: `Bearer ${STATS_TOKEN}`,
    });
    const text = result.ok ? '' : formatProblems(result.problems);
    expect(text).toMatch(/SLACK_BOT_TOKEN/);
    expect(text).not.toContain(BOT_TOKEN);
    expect(text).not.toContain(STATS_TOKEN);
  });
});
