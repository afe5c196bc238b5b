import { describe, expect, it } from 'vitest';
import {
  type ConfigPurpose,
  type EnvConfig,
  mergeDotEnv,
  readDotEnv,
  readEnv,
} from '../../../src/config/env.js';

const BOT_TOKEN = 'xoxb-1111-2222-abcdefghijklmnopqrstuvwx';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const APP_TOKEN = 'xapp-1-test-app-level-token-not-real';
const STATS_TOKEN = 'stats-token-very-secret-value-42';
const SECRETS = [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, STATS_TOKEN];

const HTTP_ENV = {
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  STATS_API_URL: 'https://stats.example.com/',
  STATS_API_TOKEN: STATS_TOKEN,
};

type Env = Record<string, string | undefined>;

function env(overrides: Env = {}, base: Env = HTTP_ENV): Env {
  return { ...base, ...overrides };
}

/** Every problem and warning as one text, to check that no secret is in any of them. */
function allText(result: ReturnType<typeof readEnv>): string {
  return JSON.stringify(result.ok ? result.warnings : result.problems);
}

function problemsOf(result: ReturnType<typeof readEnv>) {
  if (result.ok) throw new Error(`expected problems, got a valid config`);
  return result.problems;
}

describe('readEnv: a complete environment', () => {
  it('reads HTTP mode with every default', () => {
    const result = readEnv(env(), 'start');
    expect(result).toEqual({
      ok: true,
      warnings: [],
      value: {
        slack: {
          botToken: BOT_TOKEN,
          signingSecret: SIGNING_SECRET,
          appToken: null,
          apiUrl: null,
          mode: 'http',
        },
        stats: { kind: 'api', url: 'https://stats.example.com', token: STATS_TOKEN },
        configPath: null,
        dbPath: './data/exec-stats.db',
        port: 3000,
        logLevel: 'info',
      },
    });
  });

  it.each<[string, Env, ConfigPurpose, (value: EnvConfig) => unknown, unknown]>([
    [
      'Socket Mode needs no signing secret',
      { SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: undefined },
      'start',
      (v) => [v.slack.mode, v.slack.appToken, v.slack.signingSecret],
      ['socket', APP_TOKEN, null],
    ],
    [
      'preview needs no Slack credentials',
      { SLACK_BOT_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined },
      'preview',
      (v) => [v.slack.botToken, v.slack.signingSecret],
      [null, null],
    ],
    [
      'the simulator needs no stats API',
      { EXEC_STATS_SIMULATOR: '1', STATS_API_URL: undefined, STATS_API_TOKEN: undefined },
      'start',
      (v) => v.stats,
      { kind: 'simulator', seed: 1, scenario: null },
    ],
    [
      'simulator seed and scenario',
      {
        EXEC_STATS_SIMULATOR: '1',
        EXEC_STATS_SIMULATOR_SEED: '4294967295',
        EXEC_STATS_SIMULATOR_SCENARIO: 'spike',
      },
      'check',
      (v) => v.stats,
      { kind: 'simulator', seed: 4294967295, scenario: 'spike' },
    ],
    [
      'EXEC_STATS_SIMULATOR=0 means off',
      { EXEC_STATS_SIMULATOR: '0' },
      'start',
      (v) => v.stats.kind,
      'api',
    ],
    [
      'SLACK_API_URL gets the trailing slash Bolt needs',
      { SLACK_API_URL: 'http://127.0.0.1:1234/api' },
      'start',
      (v) => v.slack.apiUrl,
      'http://127.0.0.1:1234/api/',
    ],
    [
      'SLACK_API_URL with its slash is kept',
      { SLACK_API_URL: 'https://slack.com/api/' },
      'start',
      (v) => v.slack.apiUrl,
      'https://slack.com/api/',
    ],
    [
      'STATS_API_URL loses trailing slashes',
      { STATS_API_URL: 'https://stats.example.com/base//' },
      'start',
      (v) => v.stats.kind === 'api' && v.stats.url,
      'https://stats.example.com/base',
    ],
    [
      'STATS_API_URL on loopback http',
      { STATS_API_URL: 'http://127.0.0.1:9000' },
      'start',
      (v) => v.stats.kind === 'api' && v.stats.url,
      'http://127.0.0.1:9000',
    ],
    ['PORT', { PORT: '8080' }, 'start', (v) => v.port, 8080],
    ['PORT with spaces around it', { PORT: ' 65535 \n' }, 'start', (v) => v.port, 65535],
    ['an empty PORT= line means the default', { PORT: '' }, 'start', (v) => v.port, 3000],
    ['LOG_LEVEL in capitals', { LOG_LEVEL: 'DEBUG' }, 'start', (v) => v.logLevel, 'debug'],
    [
      'EXEC_STATS_DB and EXEC_STATS_CONFIG',
      { EXEC_STATS_DB: '/var/lib/x.db', EXEC_STATS_CONFIG: 'conf/x.yml' },
      'start',
      (v) => [v.dbPath, v.configPath],
      ['/var/lib/x.db', 'conf/x.yml'],
    ],
    [
      'tokens pasted with a trailing newline',
      { SLACK_BOT_TOKEN: `${BOT_TOKEN}\n` },
      'start',
      (v) => v.slack.botToken,
      BOT_TOKEN,
    ],
  ])('%s', (_name, overrides, purpose, pick, expected) => {
    const result = readEnv(env(overrides), purpose);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(pick(result.value)).toEqual(expected);
  });
});

describe('readEnv: problems name the variable and the fix, never a secret', () => {
  it.each<[string, Env, ConfigPurpose, string, RegExp]>([
    [
      'bot token missing for start',
      { SLACK_BOT_TOKEN: undefined },
      'start',
      'SLACK_BOT_TOKEN',
      /is required.*xoxb-.*OAuth & Permissions/,
    ],
    [
      'bot token missing for check',
      { SLACK_BOT_TOKEN: undefined },
      'check',
      'SLACK_BOT_TOKEN',
      /is required/,
    ],
    [
      'a user token as bot token',
      { SLACK_BOT_TOKEN: 'xoxp-1111-2222-3333-abcdefabcdef' },
      'start',
      'SLACK_BOT_TOKEN',
      /user token \(xoxp-…\)/,
    ],
    [
      'the app token as bot token',
      { SLACK_BOT_TOKEN: APP_TOKEN },
      'start',
      'SLACK_BOT_TOKEN',
      /belongs in SLACK_APP_TOKEN/,
    ],
    [
      'a bot token of no known kind',
      { SLACK_BOT_TOKEN: 'abcdefghijklmnop' },
      'start',
      'SLACK_BOT_TOKEN',
      /does not start with xoxb-/,
    ],
    ['a bare prefix', { SLACK_BOT_TOKEN: 'xoxb-' }, 'start', 'SLACK_BOT_TOKEN', /incomplete/],
    [
      'a bot token with a space inside',
      { SLACK_BOT_TOKEN: 'xoxb-1111 2222-abcdefghijkl' },
      'start',
      'SLACK_BOT_TOKEN',
      /spaces/,
    ],
    [
      'malformed bot token even for preview',
      { SLACK_BOT_TOKEN: 'xoxp-1111-2222-3333-abcdefabcdef' },
      'preview',
      'SLACK_BOT_TOKEN',
      /xoxb-/,
    ],
    [
      'signing secret missing in HTTP mode',
      { SLACK_SIGNING_SECRET: undefined },
      'start',
      'SLACK_SIGNING_SECRET',
      /required in HTTP mode.*SLACK_APP_TOKEN/,
    ],
    [
      'a token as signing secret',
      { SLACK_SIGNING_SECRET: BOT_TOKEN },
      'start',
      'SLACK_SIGNING_SECRET',
      /looks like a token/,
    ],
    [
      'the bot token as app token',
      { SLACK_APP_TOKEN: BOT_TOKEN },
      'start',
      'SLACK_APP_TOKEN',
      /bot token.*connections:write.*Socket Mode/,
    ],
    [
      'SLACK_API_URL not a URL',
      { SLACK_API_URL: 'slack api' },
      'start',
      'SLACK_API_URL',
      /not a URL/,
    ],
    [
      'SLACK_API_URL not http',
      { SLACK_API_URL: 'ftp://slack.example.com/api/' },
      'start',
      'SLACK_API_URL',
      /http:\/\/ or https:\/\//,
    ],
    [
      'SLACK_API_URL with credentials',
      { SLACK_API_URL: 'https://user:pw@proxy.example.com/api/' },
      'start',
      'SLACK_API_URL',
      /user name or password/,
    ],
    [
      'stats URL missing',
      { STATS_API_URL: undefined },
      'preview',
      'STATS_API_URL',
      /is required.*before \/v1.*EXEC_STATS_SIMULATOR=1/,
    ],
    [
      'stats URL not http',
      { STATS_API_URL: 'file:///etc/passwd' },
      'start',
      'STATS_API_URL',
      /http:\/\/ or https:\/\//,
    ],
    [
      'stats URL with a query',
      { STATS_API_URL: 'https://stats.example.com/?tenant=1' },
      'start',
      'STATS_API_URL',
      /without \?query/,
    ],
    [
      'stats URL with the endpoint path',
      { STATS_API_URL: 'https://stats.example.com/v1/executions/stats' },
      'start',
      'STATS_API_URL',
      /part before \/v1/,
    ],
    [
      'stats URL ending in /v1',
      { STATS_API_URL: 'https://stats.example.com/v1/' },
      'start',
      'STATS_API_URL',
      /remove \/v1/,
    ],
    [
      'stats token missing',
      { STATS_API_TOKEN: undefined },
      'preview',
      'STATS_API_TOKEN',
      // The prose survives the secret masking applied to every problem ("bearer token" is no token).
      /^is required: the bearer token for the stats API, .*EXEC_STATS_SIMULATOR=1/,
    ],
    [
      'stats token with "Bearer "',
      { STATS_API_TOKEN: `Bearer ${STATS_TOKEN}` },
      'start',
      'STATS_API_TOKEN',
      /remove the leading "Bearer "/,
    ],
    [
      'stats token with a space',
      { STATS_API_TOKEN: 'stats token with spaces' },
      'start',
      'STATS_API_TOKEN',
      /spaces/,
    ],
    [
      'simulator flag "true"',
      { EXEC_STATS_SIMULATOR: 'true' },
      'start',
      'EXEC_STATS_SIMULATOR',
      /must be 1.*got "true"/,
    ],
    [
      'simulator seed not a number',
      { EXEC_STATS_SIMULATOR: '1', EXEC_STATS_SIMULATOR_SEED: 'abc' },
      'start',
      'EXEC_STATS_SIMULATOR_SEED',
      /whole number/,
    ],
    [
      'simulator seed negative',
      { EXEC_STATS_SIMULATOR: '1', EXEC_STATS_SIMULATOR_SEED: '-1' },
      'start',
      'EXEC_STATS_SIMULATOR_SEED',
      /0 to 4294967295/,
    ],
    [
      'simulator seed too large',
      { EXEC_STATS_SIMULATOR: '1', EXEC_STATS_SIMULATOR_SEED: '4294967296' },
      'start',
      'EXEC_STATS_SIMULATOR_SEED',
      /0 to 4294967295/,
    ],
    [
      'simulator scenario with odd characters',
      { EXEC_STATS_SIMULATOR: '1', EXEC_STATS_SIMULATOR_SCENARIO: 'spike; rm -rf' },
      'start',
      'EXEC_STATS_SIMULATOR_SCENARIO',
      /must be one of steady, spike, degradation, noise, flapping, outage/,
    ],
    [
      'simulator scenario unknown',
      { EXEC_STATS_SIMULATOR: '1', EXEC_STATS_SIMULATOR_SCENARIO: 'spiky' },
      'start',
      'EXEC_STATS_SIMULATOR_SCENARIO',
      /must be one of .*; got "spiky"/,
    ],
    ['PORT 0', { PORT: '0' }, 'start', 'PORT', /1 to 65535; got "0"/],
    ['PORT too large', { PORT: '65536' }, 'start', 'PORT', /1 to 65535/],
    ['PORT not a number', { PORT: 'http' }, 'start', 'PORT', /whole number/],
    ['PORT with a fraction', { PORT: '3000.5' }, 'start', 'PORT', /whole number/],
    ['PORT in hex', { PORT: '0x50' }, 'start', 'PORT', /whole number/],
    ['LOG_LEVEL verbose', { LOG_LEVEL: 'verbose' }, 'start', 'LOG_LEVEL', /did you mean debug\?/],
    ['LOG_LEVEL warning', { LOG_LEVEL: 'warning' }, 'start', 'LOG_LEVEL', /did you mean warn\?/],
    ['LOG_LEVEL typo', { LOG_LEVEL: 'ifno' }, 'start', 'LOG_LEVEL', /debug, info, warn, error/],
  ])('%s', (_name, overrides, purpose, key, message) => {
    const result = readEnv(env(overrides), purpose);
    const problems = problemsOf(result);
    expect(problems.map((p) => p.key)).toContain(key);
    expect(problems.find((p) => p.key === key)?.message).toMatch(message);
    for (const secret of SECRETS) expect(allText(result)).not.toContain(secret);
  });

  it('reports every missing value at once', () => {
    const problems = problemsOf(readEnv({}, 'start'));
    expect(problems.map((p) => p.key)).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'STATS_API_URL',
      'STATS_API_TOKEN',
    ]);
  });

  it('preview with nothing set only asks for the stats API', () => {
    const problems = problemsOf(readEnv({}, 'preview'));
    expect(problems.map((p) => p.key)).toEqual(['STATS_API_URL', 'STATS_API_TOKEN']);
  });

  it.each([
    ['PORT', BOT_TOKEN],
    ['PORT', STATS_TOKEN],
    ['LOG_LEVEL', SIGNING_SECRET],
    ['EXEC_STATS_SIMULATOR', APP_TOKEN],
    ['SLACK_API_URL', STATS_TOKEN],
    ['STATS_API_URL', BOT_TOKEN],
  ])('a secret pasted into %s is not echoed, not even in part', (key, secret) => {
    const result = readEnv(env({ [key]: secret }), 'start');
    expect(problemsOf(result).map((p) => p.key)).toContain(key);
    const text = allText(result);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(0, 12));
  });
});

describe('readEnv: warnings', () => {
  it.each<[string, Env, RegExp]>([
    [
      'stats API settings next to the simulator',
      { EXEC_STATS_SIMULATOR: '1' },
      /STATS_API_URL is ignored because EXEC_STATS_SIMULATOR=1/,
    ],
    [
      'simulator settings without the simulator',
      { EXEC_STATS_SIMULATOR_SEED: '7' },
      /EXEC_STATS_SIMULATOR_SEED is ignored/,
    ],
    ['a token sent over plain http', { STATS_API_URL: 'http://stats.example.com' }, /unencrypted/],
    [
      'a signing secret of the wrong shape',
      { SLACK_SIGNING_SECRET: 'not-hex-at-all-but-long-enough' },
      /32 hexadecimal/,
    ],
    [
      'a misspelt variable of ours',
      { EXEC_STATS_SIMULATER: '1' },
      /EXEC_STATS_SIMULATER .*Did you mean EXEC_STATS_SIMULATOR\?/,
    ],
    [
      'a misspelt Slack variable',
      { SLACK_BOT_TOKN: 'x' },
      /SLACK_BOT_TOKN .*Did you mean SLACK_BOT_TOKEN\?/,
    ],
  ])('%s', (_name, overrides, warning) => {
    const result = readEnv(env(overrides), 'start');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.warnings.join('\n')).toMatch(warning);
    for (const secret of SECRETS) expect(allText(result)).not.toContain(secret);
  });

  it('does not warn about unrelated variables', () => {
    const result = readEnv(
      env({
        HOME: '/root',
        SLACK_WEBHOOK_URL: 'https://hooks.example.com',
        NODE_ENV: 'production',
      }),
      'start',
    );
    expect(result.ok && result.warnings).toEqual([]);
  });
});

describe('readDotEnv', () => {
  it.each<[string, string, Record<string, string>]>([
    ['plain lines', 'A=1\nB=two\n', { A: '1', B: 'two' }],
    ['comments and blank lines', '# comment\n\nA=1\n  # indented comment\n', { A: '1' }],
    [
      'quoted values with spaces and a trailing comment',
      'A="two words" # note\nB=\'single\'\n',
      { A: 'two words', B: 'single' },
    ],
    ['export prefixes', 'export A=1\n', { A: '1' }],
    ['empty values', 'A=\nB=2\n', { A: '', B: '2' }],
    ['Windows line endings', 'A=1\r\nB=2\r\n', { A: '1', B: '2' }],
    ['a byte order mark', '\uFEFFA=1\n', { A: '1' }],
    [
      '"=" inside a value',
      'URL=https://x.example.com/?a=b\n',
      { URL: 'https://x.example.com/?a=b' },
    ],
    ['a stray line without "="', 'junk line\nA=1\nB=2\n', { A: '1', B: '2' }],
  ])('%s', (_name, text, expected) => {
    expect(readDotEnv(text)).toEqual(expected);
  });

  it('reads a multi-line double-quoted value', () => {
    expect(readDotEnv('KEY="line one\nline two"\nNEXT=1\n')).toEqual({
      KEY: 'line one\nline two',
      NEXT: '1',
    });
  });
});

describe('mergeDotEnv', () => {
  it('keeps the real environment and fills the rest from .env', () => {
    expect(
      mergeDotEnv(
        { A: 'real', B: undefined, C: '' },
        { A: 'file', B: 'file', C: 'file', D: 'file' },
      ),
    ).toEqual({
      A: 'real',
      B: 'file',
      C: '',
      D: 'file',
    });
  });
});
