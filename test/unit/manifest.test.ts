import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Document, isScalar, isSeq, parseDocument } from 'yaml';

const root = new URL('../../', import.meta.url);
const manifestText = readFileSync(new URL('manifest.yml', root), 'utf8');
// The repo's copy of Slack's schema (see test/fixtures/slack/README.md), so a fresh clone can run this.
const schema = JSON.parse(
  readFileSync(new URL('test/fixtures/slack/manifest.schema.1.0.0.json', root), 'utf8'),
) as { $schema?: string };

/** The parts of the manifest these tests look at. */
interface Manifest {
  [key: string]: unknown;
  display_information: { name?: string; background_color?: string };
  features: {
    bot_user: { display_name: string };
    app_home?: Record<string, boolean>;
    slash_commands: { command: string; url?: string }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    interactivity?: { is_enabled: boolean; request_url?: string };
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
  };
}

function compileSchema(): ValidateFunction {
  const ajv = new Ajv({
    allErrors: true,
    // The schema leaves `type` implicit next to array keywords in a few places; that is its style,
    // not a mistake, and strictTypes would only print warnings about it. Other strict checks stay on.
    strictTypes: false,
  });
  // Slack's own keyword for string patterns (e.g. background_color); enforce it like `pattern`.
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
  });
  // An annotation Slack leaves for itself; it validates nothing.
  ajv.addVocabulary(['_note']);
  // ajv-formats is not a dependency; the schema's only format is `uri`, which URL parsing checks.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(schema);
}

describe('manifest.yml', () => {
  let validate: ValidateFunction;
  let doc: Document;
  let manifest: Manifest;

  beforeAll(() => {
    validate = compileSchema();
    doc = parseDocument(manifestText);
    manifest = doc.toJS() as Manifest;
  });

  it('is the draft-07 schema that the default Ajv class implements', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('parses as YAML without errors or warnings', () => {
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
  });

  it("validates against Slack's official manifest schema", () => {
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ['a missing app name', (m: Manifest) => delete m.display_information.name],
    ['an unknown top-level key', (m: Manifest) => (m.oauth_scopes = ['commands'])],
    [
      'a command without the leading slash',
      (m: Manifest) => {
        for (const command of m.features.slash_commands) command.command = 'exec-stats';
      },
    ],
    [
      'a malformed background colour',
      (m: Manifest) => (m.display_information.background_color = 'blue'),
    ],
  ])('the schema check rejects %s (so the test above can fail)', (_name, breakIt) => {
    const broken = structuredClone(manifest);
    breakIt(broken);
    expect(validate(broken)).toBe(false);
  });

  it('declares /exec-stats with its usage, request URL and no escaping', () => {
    expect(manifest.features.slash_commands).toEqual([
      {
        command: '/exec-stats',
        description: expect.stringMatching(/\S/),
        usage_hint: '[WINDOW] [hourly|daily] [source:NAME] [public] | subscribe … | alerts | help',
        url: 'https://YOUR-HOST/slack/events',
        should_escape: false,
      },
    ]);
    expect(manifest.features.bot_user.display_name).toMatch(/\S/);
  });

  it('sends button clicks to the same endpoint as the command', () => {
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: manifest.features.slash_commands[0]?.url,
    });
    expect(manifest.settings.org_deploy_enabled).toBe(false);
  });

  it('runs in HTTP mode and says how to switch to Socket Mode', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    const comment = commentBeforeKey(doc, ['settings'], 'socket_mode_enabled');
    expect(comment).toMatch(/true/);
    expect(comment).toMatch(/connections:write/);
    expect(comment).toMatch(/SLACK_APP_TOKEN/);
  });

  it('asks for exactly the bot scopes it uses, each with a comment saying why', () => {
    const bot = doc.getIn(['oauth_config', 'scopes', 'bot'], true);
    if (!isSeq(bot)) throw new Error('oauth_config.scopes.bot is not a list');
    const scopes = bot.items.map((item) => (isScalar(item) ? item.value : item));
    expect(scopes).toEqual([
      'commands',
      'chat:write',
      'users:read',
      'channels:history',
      'groups:history',
      'channels:read',
      'groups:read',
      'usergroups:read',
      'files:write',
    ]);
    for (const item of bot.items) {
      const comment = isScalar(item) ? (item.comment ?? '') : '';
      expect(
        comment.trim().length,
        `scope ${String(scopes[bot.items.indexOf(item)])}`,
      ).toBeGreaterThan(5);
    }
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('subscribes to channel joins and leaves and to the Home tab being opened, and to no other event', () => {
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: 'https://YOUR-HOST/slack/events',
      bot_events: ['member_joined_channel', 'member_left_channel', 'app_home_opened'],
    });
    for (const event of ['member_joined_channel', 'member_left_channel', 'app_home_opened']) {
      expect(commentAbove(`- ${event}`), event).toMatch(/\w{5,}/);
    }
  });

  it('has a Home tab (the status page) and no Messages tab, and says why', () => {
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: false,
      messages_tab_read_only_enabled: false,
    });
    const comment = commentAbove('app_home:');
    expect(comment).toMatch(/Home tab/);
    expect(comment).toMatch(/Messages tab is off/);
  });

  it('explains that chat:write.public is left out on purpose', () => {
    expect(manifestText).toMatch(/#.*chat:write\.public/);
    expect(manifest.oauth_config.scopes.bot).not.toContain('chat:write.public');
  });
});

/** The comment lines right above the manifest line that reads `line` (trimmed), joined. */
function commentAbove(line: string): string {
  const lines = manifestText.split('\n');
  const at = lines.findIndex((l) => l.trim() === line);
  const comments: string[] = [];
  for (let i = at - 1; i >= 0 && lines[i]?.trim().startsWith('#'); i--) {
    comments.unshift(lines[i]?.trim().slice(1).trim() ?? '');
  }
  return comments.join(' ');
}

function commentBeforeKey(doc: Document, path: readonly string[], key: string): string {
  const map = doc.getIn(path, true) as { items?: { key: unknown }[] } | undefined;
  const pair = map?.items?.find((item) => isScalar(item.key) && item.key.value === key);
  return pair !== undefined && isScalar(pair.key) ? (pair.key.commentBefore ?? '') : '';
}
