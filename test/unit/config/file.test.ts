import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../../src/config/file.js';

const EVERY_KEY = readFileSync(
  new URL('../../fixtures/config/every-key.yml', import.meta.url),
  'utf8',
);

function problemsOf(text: string) {
  const result = parseConfigFile(text, 'exec-stats.yml');
  if (result.ok) throw new Error('expected problems, got a valid file');
  return result.problems;
}

function fileConfigOf(text: string) {
  const result = parseConfigFile(text, 'exec-stats.yml');
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.value;
}

/** A valid rule, as YAML lines under `rules:`, with some keys replaced or added. */
function ruleYaml(overrides: Record<string, string> = {}): string {
  const keys = { name: 'spike', window: '15m', failureRate: '0.2', ...overrides };
  const lines = Object.entries(keys).map(
    ([key, value], i) => `${i === 0 ? '    - ' : '      '}${key}: ${value}`,
  );
  return `alerts:\n  channel: C0123456789\n  rules:\n${lines.join('\n')}\n`;
}

function digestYaml(overrides: Record<string, string> = {}): string {
  const keys = { channel: 'C0123456789', schedule: '"0 9 * * 1-5"', ...overrides };
  const lines = Object.entries(keys).map(
    ([key, value], i) => `${i === 0 ? '  - ' : '    '}${key}: ${value}`,
  );
  return `digests:\n${lines.join('\n')}\n`;
}

describe('parseConfigFile: valid files', () => {
  it('reads a file with every key set to what each key says', () => {
    expect(fileConfigOf(EVERY_KEY)).toEqual({
      timezone: 'Europe/Berlin',
      executionUrl: 'https://app.example.com/executions/{executionId}',
      digests: [
        {
          name: 'ops-daily',
          channel: 'C0123456789',
          schedule: '0 9 * * 1-5',
          timezone: 'America/New_York',
          window: 'yesterday',
        },
      ],
      alerts: {
        intervalMs: 60_000,
        channel: 'C0123456789',
        rules: [
          {
            name: 'failure-spike',
            scope: 'overall',
            sources: ['billing'],
            windowMs: 15 * 60_000,
            minFailures: 5,
            failureRate: 0.2,
            baseline: { windowMs: 24 * 3_600_000, factor: 3, significance: 0.001 },
            for: 2,
            recoverRate: 0.1,
            renotifyMs: 3_600_000,
            channel: 'C0987654321',
          },
        ],
      },
      admins: { users: ['U0123456789'], usergroups: ['S0123456789'] },
    });
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing yet\n'],
    ['empty sections', 'digests:\nalerts:\n'],
  ])('%s gives the defaults', (_name, text) => {
    expect(fileConfigOf(text)).toEqual({
      timezone: 'UTC',
      executionUrl: null,
      digests: [],
      alerts: null,
      admins: null,
    });
  });

  it('reads admins: users and user groups, either list may be left out', () => {
    expect(fileConfigOf('admins:\n  users: [U0123456789]\n').admins).toEqual({
      users: ['U0123456789'],
      usergroups: [],
    });
    expect(fileConfigOf('admins:\n  usergroups: [S0123456789]\n').admins).toEqual({
      users: [],
      usergroups: ['S0123456789'],
    });
  });

  it('refuses admins written as names, naming the key and the fix', () => {
    const result = parseConfigFile('admins:\n  users: ["@alice"]\n  usergroup: [S1]\n', 'x.yml');
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    expect(text).toContain('admins.users[0]');
    expect(text).toContain('is not a Slack user ID: use an ID like U0123456789');
    expect(text).toContain('unknown key (did you mean \\"usergroups\\"?)');
  });

  it('fills in digest defaults: 24h window, top-level zone, a derived name', () => {
    const value = fileConfigOf(`timezone: Asia/Tokyo\n${digestYaml()}`);
    expect(value.digests).toEqual([
      {
        name: 'C0123456789 0 9 * * 1-5 24h',
        channel: 'C0123456789',
        schedule: '0 9 * * 1-5',
        timezone: 'Asia/Tokyo',
        window: '24h',
      },
    ]);
  });

  it('fills in rule defaults from the documented ones', () => {
    const rule = fileConfigOf(ruleYaml({ failureRate: '0.3' })).alerts?.rules[0];
    expect(rule).toMatchObject({
      scope: 'overall',
      sources: null,
      minFailures: 5,
      baseline: null,
      for: 1,
      renotifyMs: 3_600_000,
      channel: 'C0123456789',
    });
    expect(rule?.recoverRate).toBeCloseTo(0.15);
  });

  it('writes zones and windows the way the rest of the bot spells them', () => {
    const value = fileConfigOf(`timezone: europe/berlin\n${digestYaml({ window: 'Yesterday' })}`);
    expect(value.timezone).toBe('Europe/Berlin');
    expect(value.digests[0]?.window).toBe('yesterday');
  });

  it('gives a baseline its default factor and significance', () => {
    const rule = fileConfigOf(ruleYaml({ baselineWindow: '7d' })).alerts?.rules[0];
    expect(rule?.baseline).toEqual({ windowMs: 7 * 86_400_000, factor: 1, significance: 0.0001 });
  });

  it.each([
    ['a 6-field cron with seconds', digestYaml({ schedule: '"30 0 9 * * *"' })],
    ['weekday names', digestYaml({ schedule: '"0 9 * * MON-FRI"' })],
    ['month names, lists and steps', digestYaml({ schedule: '"*/15 8-18/2 1,15 jan-jun 0,7"' })],
    ['a calendar window', digestYaml({ window: 'last-week' })],
    ['a date window', digestYaml({ window: '2026-11-01..2026-11-07' })],
    ['a datetime window', digestYaml({ window: '2026-11-01T08:00..2026-11-01T18:00' })],
    ['a private channel', digestYaml({ channel: 'G01ABCDEF23' })],
    ['a per-source rule', ruleYaml({ scope: 'per-source', sources: '[billing, shipping]' })],
    [
      'durations in seconds and days',
      ruleYaml({ window: '30s', renotify: '1d' }).replace(
        'alerts:\n',
        'alerts:\n  interval: 30s\n',
      ),
    ],
    ['a rate of exactly 1', ruleYaml({ failureRate: '1', recoverRate: '1' })],
    ['a runId link', 'executionUrl: "http://ci.internal/runs/{runId}?wf={workflowId}"\n'],
  ])('accepts %s', (_name, text) => {
    expect(parseConfigFile(text, 'exec-stats.yml').ok).toBe(true);
  });
});

describe('parseConfigFile: problems name the key path and what to write', () => {
  it.each<[string, string, string, RegExp]>([
    [
      'a misspelt top-level key',
      'timezon: UTC\n',
      'timezon',
      /unknown key \(did you mean "timezone"\?\); allowed here: timezone, executionUrl, digests, alerts/,
    ],
    ['an unknown top-level key', 'webhooks: []\n', 'webhooks', /unknown key; allowed here/],
    [
      'a misspelt digest key',
      digestYaml({ shedule: 'x' }),
      'digests[0].shedule',
      /did you mean "schedule"/,
    ],
    [
      'a misspelt rule key',
      ruleYaml({ failureRat: '0.2' }),
      'alerts.rules[0].failureRat',
      /did you mean "failureRate"/,
    ],
    [
      'a misspelt alerts key',
      'alerts:\n  intervall: 1m\n',
      'alerts.intervall',
      /did you mean "interval"/,
    ],
    [
      'an unknown zone',
      'timezone: Europe/Berlinn\n',
      'timezone',
      /not a known IANA time zone.*got "Europe\/Berlinn"/,
    ],
    ['a zone offset', 'timezone: CEST+2\n', 'timezone', /IANA/],
    ['a digest zone', digestYaml({ timezone: 'Mars/Base' }), 'digests[0].timezone', /IANA/],
    [
      'a link without an ID',
      'executionUrl: "https://app.example.com/executions"\n',
      'executionUrl',
      /must contain \{executionId\} or \{runId\}/,
    ],
    [
      'an unknown placeholder',
      'executionUrl: "https://app.example.com/{id}"\n',
      'executionUrl',
      /unknown placeholder \{id\}/,
    ],
    [
      'a link that is not http',
      'executionUrl: "javascript:alert({executionId})"\n',
      'executionUrl',
      /http\(s\)/,
    ],
    [
      'a relative link',
      'executionUrl: "/executions/{executionId}"\n',
      'executionUrl',
      /not a valid URL/,
    ],
    [
      'a channel name',
      digestYaml({ channel: '"#ops"' }),
      'digests[0].channel',
      /"#ops" is a channel name; use the channel ID/,
    ],
    [
      'a lower-case channel ID',
      digestYaml({ channel: 'c0123456789' }),
      'digests[0].channel',
      /not a channel ID/,
    ],
    [
      'a missing channel',
      'digests:\n  - schedule: "0 9 * * *"\n',
      'digests[0].channel',
      /is required/,
    ],
    [
      'a cron with 4 fields',
      digestYaml({ schedule: '"0 9 * *"' }),
      'digests[0].schedule',
      /5 fields .* or 6 .*found 4/,
    ],
    [
      'a cron with 7 fields',
      digestYaml({ schedule: '"0 0 9 * * * 2026"' }),
      'digests[0].schedule',
      /found 7/,
    ],
    [
      'an hour of 25',
      digestYaml({ schedule: '"0 25 * * *"' }),
      'digests[0].schedule',
      /field 2 \(hour\): "25" is not allowed; use 0-23/,
    ],
    [
      'a misspelt weekday',
      digestYaml({ schedule: '"0 9 * * mon-fry"' }),
      'digests[0].schedule',
      /field 5 \(day of week\): "fry"/,
    ],
    [
      'a backwards range',
      digestYaml({ schedule: '"0 18-8 * * *"' }),
      'digests[0].schedule',
      /runs backwards/,
    ],
    ['a zero step', digestYaml({ schedule: '"*/0 * * * *"' }), 'digests[0].schedule', /step/],
    [
      'a step without a range, which node-cron cannot run',
      digestYaml({ schedule: '"5/10 * * * *"' }),
      'digests[0].schedule',
      /invalid expression for minute/,
    ],
    [
      'a nth-weekday #, which digests do not support',
      digestYaml({ schedule: '"0 9 * * 1#2"' }),
      'digests[0].schedule',
      /field 5 \(day of week\): "1#2"/,
    ],
    [
      'seconds out of range',
      digestYaml({ schedule: '"60 0 9 * * *"' }),
      'digests[0].schedule',
      /field 1 \(second\)/,
    ],
    [
      'a cron that YAML read as a number',
      digestYaml({ schedule: '5' }),
      'digests[0].schedule',
      /cron expression.*got 5/,
    ],
    [
      'an unknown window',
      digestYaml({ window: 'fortnight' }),
      'digests[0].window',
      /^"fortnight" is not a window: try "24h", "yesterday", "last-week" or "2026-11-01..2026-11-07" \(/,
    ],
    [
      'a window over 90 days',
      digestYaml({ window: '100d' }),
      'digests[0].window',
      /longer than the 90 days/,
    ],
    [
      'an impossible date',
      digestYaml({ window: '2026-02-30..2026-03-01' }),
      'digests[0].window',
      /does not exist/,
    ],
    [
      'a rate as a percentage',
      ruleYaml({ failureRate: '20' }),
      'alerts.rules[0].failureRate',
      /at most 1 .*not 20\); got 20/,
    ],
    [
      'a rate as a string',
      ruleYaml({ failureRate: '"20%"' }),
      'alerts.rules[0].failureRate',
      /number above 0 .*got "20%"/,
    ],
    ['a rate of 0', ruleYaml({ failureRate: '0' }), 'alerts.rules[0].failureRate', /above 0/],
    [
      'a negative rate',
      ruleYaml({ failureRate: '-0.1' }),
      'alerts.rules[0].failureRate',
      /above 0/,
    ],
    [
      'a missing rate',
      ruleYaml({ failureRate: '0.2' }).replace('      failureRate: 0.2\n', ''),
      'alerts.rules[0].failureRate',
      /is required/,
    ],
    ['a NaN rate', ruleYaml({ failureRate: '.nan' }), 'alerts.rules[0].failureRate', /number/],
    [
      'a recover rate above the failure rate',
      ruleYaml({ recoverRate: '0.5' }),
      'alerts.rules[0].recoverRate',
      /not be above failureRate \(0.2\)/,
    ],
    [
      'a duration without a unit',
      ruleYaml({ window: '15' }),
      'alerts.rules[0].window',
      /duration like 30s, 5m, 1h or 1d; got 15/,
    ],
    ['a duration in weeks', ruleYaml({ window: '1w' }), 'alerts.rules[0].window', /duration like/],
    ['a zero duration', ruleYaml({ window: '0m' }), 'alerts.rules[0].window', /duration like/],
    ['a window over 90 days', ruleYaml({ window: '91d' }), 'alerts.rules[0].window', /at most 90d/],
    ['an interval too short', 'alerts:\n  interval: 1s\n', 'alerts.interval', /at least 10s/],
    [
      'an unknown scope',
      ruleYaml({ scope: 'per-system' }),
      'alerts.rules[0].scope',
      /overall or per-source/,
    ],
    [
      'sources as a word',
      ruleYaml({ sources: 'billing' }),
      'alerts.rules[0].sources',
      /list of source systems/,
    ],
    [
      'an empty sources list',
      ruleYaml({ sources: '[]' }),
      'alerts.rules[0].sources',
      /at least one/,
    ],
    [
      'minFailures with a fraction',
      ruleYaml({ minFailures: '2.5' }),
      'alerts.rules[0].minFailures',
      /whole number/,
    ],
    ['for of 0', ruleYaml({ for: '0' }), 'alerts.rules[0].for', /at least 1/],
    [
      'a baseline factor below 1',
      ruleYaml({ baselineWindow: '24h', baselineFactor: '0.5' }),
      'alerts.rules[0].baselineFactor',
      /at least 1/,
    ],
    [
      'a baseline factor without a baseline',
      ruleYaml({ baselineFactor: '3' }),
      'alerts.rules[0].baselineFactor',
      /only applies with baselineWindow/,
    ],
    [
      'a significance without a baseline',
      ruleYaml({ significance: '0.01' }),
      'alerts.rules[0].significance',
      /only applies with baselineWindow/,
    ],
    [
      'a significance of 0.5',
      ruleYaml({ baselineWindow: '24h', significance: '0.5' }),
      'alerts.rules[0].significance',
      /below 0.5/,
    ],
    [
      'a rule with no channel anywhere',
      ruleYaml().replace('  channel: C0123456789\n', ''),
      'alerts.rules[0].channel',
      /set alerts.channel, or channel on this rule/,
    ],
    ['an empty rule name', ruleYaml({ name: '""' }), 'alerts.rules[0].name', /must not be empty/],
    ['rules as a mapping', 'alerts:\n  rules:\n    name: x\n', 'alerts.rules', /list of rules/],
    ['digests as a mapping', 'digests:\n  channel: C0123456789\n', 'digests', /list of digests/],
  ])('%s', (_name, text, key, message) => {
    const problems = problemsOf(text);
    expect(problems.map((p) => p.key)).toContain(key);
    expect(problems.find((p) => p.key === key)?.message).toMatch(message);
  });

  it('says on which line of the file the key is', () => {
    const text = `timezone: UTC\n${ruleYaml({ failureRate: '2' })}`;
    const problem = problemsOf(text).find((p) => p.key === 'alerts.rules[0].failureRate');
    expect(problem?.message).toMatch(/\(exec-stats.yml line 7\)$/);
  });

  it('refuses duplicate rule names and duplicate digests', () => {
    const text = `${ruleYaml()}    - name: spike\n      window: 1h\n      failureRate: 0.5\n${digestYaml()}${digestYaml().replace('digests:\n', '')}`;
    const problems = problemsOf(text);
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          key: 'alerts.rules[1].name',
          message: expect.stringMatching(/"spike" is already the name of alerts.rules\[0\]/),
        },
        {
          key: 'digests[1]',
          message: expect.stringMatching(/repeats digests\[0\].*distinct name/),
        },
      ]),
    );
  });

  it('refuses two digests with the same name', () => {
    const text = `${digestYaml({ name: 'daily' })}${digestYaml({ name: 'daily', window: '7d' }).replace('digests:\n', '')}`;
    expect(problemsOf(text)).toEqual([
      {
        key: 'digests[1].name',
        message: expect.stringMatching(/"daily" is already the name of digests\[0\]/),
      },
    ]);
  });

  it('reports several problems in one go', () => {
    const text = 'timezone: Nowhere\ndigests:\n  - channel: "#x"\n    schedule: "* *"\n';
    expect(problemsOf(text).map((p) => p.key)).toEqual([
      'timezone',
      'digests[0].channel',
      'digests[0].schedule',
    ]);
  });
});

describe('parseConfigFile: files that are not YAML mappings', () => {
  it.each<[string, string, RegExp]>([
    ['an unclosed list', 'digests: [\n', /^YAML syntax error at line \d+, column \d+: /],
    [
      'bad indentation',
      'alerts:\n  interval: 1m\n channel: C0123456789\n',
      /^YAML syntax error at line 3, column \d+/,
    ],
    [
      'a duplicate key',
      'timezone: UTC\ntimezone: Europe/Berlin\n',
      /line 2, column 1: Map keys must be unique/,
    ],
    ['a tab for indentation', 'alerts:\n\tinterval: 1m\n', /^YAML syntax error at line 2/],
    [
      'two documents',
      'timezone: UTC\n---\ntimezone: UTC\n',
      /^YAML syntax error at line 2.*more than one document/,
    ],
    ['a list at the top', '- timezone: UTC\n', /must be a mapping of keys .* not a list/],
    ['a bare word', 'hello\n', /must be a mapping of keys .* not "hello"/],
  ])('%s', (_name, text, message) => {
    const problems = problemsOf(text);
    expect(problems[0]?.key).toBe('exec-stats.yml');
    expect(problems[0]?.message).toMatch(message);
  });

  it('survives an alias bomb', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const problems = problemsOf(`${lines.join('\n')}\n`);
    expect(problems[0]?.message).toMatch(/cannot be read|alias/i);
  });
});

describe('parseConfigFile: a window error says its hint once', () => {
  it.each<[string, string, string]>([
    ['an unknown word', 'hourly', '24h'],
    ['a week as a unit', '2w', '15m'],
    ['a single date', '2026-11-01', '2026-11-01..2026-11-01'],
    ['a range that ends before it starts', '2026-11-07..2026-11-01', 'starts after it ends'],
    ['a value YAML read as a number', '5', '15m'],
  ])('%s', (_name, word, hint) => {
    const message =
      problemsOf(digestYaml({ window: word })).find((p) => p.key === 'digests[0].window')
        ?.message ?? '';
    const count = (part: string) => message.split(part).length - 1;
    expect(count(hint)).toBe(1);
    // The value is quoted once (by the reason, or by "; got"), never twice; not counted when it
    // is part of a longer example such as a range.
    const alone = new RegExp(`(?<![\\w.])${word.replaceAll('.', '\\.')}(?![\\w.])`, 'g');
    expect(message.match(alone)).toHaveLength(1);
    // Read in a terminal: no Slack code spans.
    expect(message).not.toContain('`');
  });
});

describe('parseConfigFile: every problem in one round, in file order', () => {
  it('reports type errors and the checks across keys together, top to bottom', () => {
    const text = [
      'alerts:', //                                     1
      '  channel: C0123456789', //                      2
      '  interval: often', //                           3
      '  rules:', //                                    4
      '    - name: spike', //                           5
      '      window: 15', //                            6
      '      failureRate: 0.2', //                      7
      '      significance: 0.01', //                    8
      '    - name: spike', //                           9
      '      window: 1h', //                           10
      '      failureRate: 0.2', //                     11
      '      recoverRate: 0.3', //                     12
      '      for: 0', //                               13
      'timezone: Mars/Base', //                        14
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      { key: 'alerts.interval', message: expect.stringMatching(/duration.*line 3\)$/) },
      { key: 'alerts.rules[0].window', message: expect.stringMatching(/duration.*line 6\)$/) },
      {
        key: 'alerts.rules[0].significance',
        message: expect.stringMatching(/only applies with baselineWindow.*line 8\)$/),
      },
      {
        key: 'alerts.rules[1].name',
        message: expect.stringMatching(
          /"spike" is already the name of alerts.rules\[0\].*line 9\)$/,
        ),
      },
      {
        key: 'alerts.rules[1].recoverRate',
        message: expect.stringMatching(/not be above failureRate \(0.2\).*line 12\)$/),
      },
      { key: 'alerts.rules[1].for', message: expect.stringMatching(/at least 1.*line 13\)$/) },
      { key: 'timezone', message: expect.stringMatching(/IANA.*line 14\)$/) },
    ]);
  });

  it('places unknown keys, digests and missing keys where they are in the file', () => {
    const text = [
      'digests:', //                                    1
      '  - channel: C0123456789', //                    2
      '    schedule: "0 9 * * *"', //                   3
      '    windw: 7d', //                               4
      '  - channel: C0123456789', //                    5
      '    schedule: "0 9 * * *"', //                   6
      '  - schedule: "0 10 * * *"', //                  7
      'alerts:', //                                     8
      '  rules:', //                                    9
      '    - name: x', //                              10
      'timezon: UTC', //                               11
    ].join('\n');
    const problems = problemsOf(text);
    expect(problems.map((p) => p.key)).toEqual([
      'digests[0].windw',
      'digests[1]',
      'digests[2].channel',
      'alerts.rules[0].window',
      'alerts.rules[0].failureRate',
      'alerts.rules[0].channel',
      'timezon',
    ]);
    const lines = problems.map((p) => Number(/line (\d+)\)$/.exec(p.message)?.[1]));
    expect(lines).toEqual([4, 5, 7, 10, 10, 10, 11]);
  });

  it('gives the line of the key when its value starts on the next one', () => {
    const problem = problemsOf('timezone: UTC\nalerts:\n  rules:\n    name: x\n')[0];
    expect(problem).toEqual({
      key: 'alerts.rules',
      message: expect.stringMatching(/list of rules.*\(exec-stats.yml line 3\)$/),
    });
  });

  it('finds keys through YAML anchors and aliases', () => {
    const text = 'defaults: &d\n  window: 15\n  failureRate: 0.2\nalerts:\n  rules: [*d]\n';
    // The rule's window is refused where the anchor wrote it (line 2); what the rule lacks is
    // missing where the alias stands (line 5).
    expect(problemsOf(text).map((p) => [p.key, /line (\d+)\)$/.exec(p.message)?.[1]])).toEqual([
      ['defaults', '1'],
      ['alerts.rules[0].window', '2'],
      ['alerts.rules[0].name', '5'],
      ['alerts.rules[0].channel', '5'],
    ]);
  });
});

describe('parseConfigFile: checks across keys leave refused values to the schema', () => {
  it.each<[string, string, string[]]>([
    [
      'recoverRate next to a failureRate that is not a number',
      ruleYaml({ failureRate: '"20%"', recoverRate: '0.5' }),
      ['alerts.rules[0].failureRate'],
    ],
    [
      'significance next to a baselineWindow without a unit',
      ruleYaml({ baselineWindow: '24', significance: '0.01' }),
      ['alerts.rules[0].baselineWindow'],
    ],
    [
      'a rule channel that is a channel name',
      ruleYaml({ channel: '"#ops"' }).replace('  channel: C0123456789\n', ''),
      ['alerts.rules[0].channel'],
    ],
    [
      'an alerts channel that is a channel name',
      ruleYaml().replace('C0123456789', '"#ops"'),
      ['alerts.channel'],
    ],
    [
      'a rule name that is a number, twice',
      `${ruleYaml({ name: '5' })}    - name: 5\n      window: 1h\n      failureRate: 0.5\n`,
      ['alerts.rules[0].name', 'alerts.rules[1].name'],
    ],
    [
      'two digests alike but for a window that is refused',
      `${digestYaml()}${digestYaml({ window: 'hourly' }).replace('digests:\n', '')}`,
      ['digests[1].window'],
    ],
    [
      'two digests alike but one has no channel',
      `${digestYaml()}${digestYaml().replace('digests:\n', '').replace('  - channel: C0123456789\n    ', '  - ')}`,
      ['digests[1].channel'],
    ],
  ])('%s', (_name, text, keys) => {
    expect(problemsOf(text).map((p) => p.key)).toEqual(keys);
  });

  it('still says a baseline key needs baselineWindow when its own value is refused too', () => {
    const problems = problemsOf(ruleYaml({ significance: '0.7' }));
    expect(problems).toEqual([
      { key: 'alerts.rules[0].significance', message: expect.stringMatching(/below 0.5/) },
      {
        key: 'alerts.rules[0].significance',
        message: expect.stringMatching(/only applies with baselineWindow/),
      },
    ]);
  });
});
