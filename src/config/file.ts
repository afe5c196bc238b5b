import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
} from 'yaml';
import type { core, z } from 'zod';
import type {
  AlertRuleConfig,
  AlertsConfig,
  ConfigProblem,
  DigestConfig,
  FileConfig,
} from './config.js';
import {
  alertsSchema,
  digestSchema,
  fileSchema,
  KNOWN_KEYS,
  type ParsedAlerts,
  type ParsedDigest,
  type ParsedFile,
  type ParsedRule,
  ruleSchema,
} from './file-schema.js';
import { closest } from './syntax.js';

/**
 * Reading the YAML config file: its text parsed and checked against the schema (file-schema.ts),
 * the checks that involve several keys run on whatever parsed (salvaged key by key), every problem
 * located at its key and line, and the defaults applied to a file that passed.
 */

export type FileConfigResult =
  | { readonly ok: true; readonly value: FileConfig }
  | { readonly ok: false; readonly problems: ConfigProblem[] };

/**
 * Parses and validates the YAML config file. Every problem carries its key path and, where the
 * key is in the text, the line, so a typo is found without reading the whole file; all of them
 * come in one round, in the order of the file. Pure: the caller reads the file; `path` only
 * appears in messages.
 */
export function parseConfigFile(text: string, path: string): FileConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const at = lineCounter.linePos(error.pos[0]);
        return {
          key: path,
          message: `YAML syntax error at line ${at.line}, column ${at.col}: ${
            error.code === 'MULTIPLE_DOCS'
              ? 'the file holds more than one document (a "---" line); keep a single one'
              : error.message
          }`,
        };
      }),
    };
  }
  let data: unknown;
  try {
    // maxAliasCount stops "billion laughs" alias bombs from exhausting memory.
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return { ok: false, problems: [{ key: path, message: `cannot be read: ${messageOf(error)}` }] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      ok: false,
      problems: [
        {
          key: path,
          message: `must be a mapping of keys (timezone:, executionUrl:, digests:, alerts:), not ${describeValue(data)}`,
        },
      ],
    };
  }
  const parsed = fileSchema.safeParse(data, { reportInput: true });
  // Cross-field checks run whether or not the schema passed, on the keys that did parse, so one
  // round shows everything there is to fix.
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap(issueProblems)),
    ...crossFieldProblems(salvageFile(data as Record<string, unknown>)),
  ];
  if (parsed.success && problems.length === 0) {
    return { ok: true, value: resolveFileConfig(parsed.data) };
  }
  return { ok: false, problems: inFileOrder(problems, doc, lineCounter, path) };
}

function issueProblems(issue: core.$ZodIssue): PathProblem[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path);
    return issue.keys.map((key) => {
      const suggestion = closest(key, known);
      const didYouMean = suggestion === null ? '' : ` (did you mean "${suggestion}"?)`;
      return {
        path: [...issue.path, key],
        message: `unknown key${didYouMean}; allowed here: ${known.join(', ')}`,
      };
    });
  }
  const input: unknown = issue.input;
  // Messages that already quote the value (channel names) do not repeat it.
  const quoted = typeof input === 'string' && issue.message.includes(JSON.stringify(input));
  const withValue =
    input === undefined || quoted ? issue.message : `${issue.message}; got ${describeValue(input)}`;
  return [{ path: issue.path, message: withValue }];
}

function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return KNOWN_KEYS.top;
  if (path[0] === 'digests') return KNOWN_KEYS.digest;
  if (path[0] === 'alerts') return path.length === 1 ? KNOWN_KEYS.alerts : KNOWN_KEYS.rule;
  if (path[0] === 'admins') return KNOWN_KEYS.admins;
  return [];
}

/**
 * The problems in the order their keys appear in the file, each saying on which line: read top
 * to bottom, they follow the file. A key that is missing sorts (and is located) at its parent. The
 * sort is stable, so problems of one key keep their order: the value's own first, then the rest.
 */
function inFileOrder(
  problems: readonly PathProblem[],
  doc: Document,
  lineCounter: LineCounter,
  path: string,
): ConfigProblem[] {
  return problems
    .map((problem) => ({ problem, offset: keyOffset(doc, problem.path) }))
    .sort((a, b) => (a.offset ?? -1) - (b.offset ?? -1))
    .map(({ problem, offset }) => ({
      key: keyPath(problem.path),
      message:
        offset === null
          ? problem.message
          : `${problem.message} (${path} line ${lineCounter.linePos(offset).line})`,
    }));
}

/**
 * Where the deepest part of `keys` that is in the document starts: a mapping entry at its key
 * (`failureRate:`, not the value, which may be on a later line), a list item at the item.
 */
function keyOffset(doc: Document, keys: readonly PropertyKey[]): number | null {
  let node: unknown = doc.contents;
  let offset: number | null = null;
  for (const part of keys) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(part),
      );
      if (pair === undefined) break;
      offset = isNode(pair.key) && pair.key.range ? pair.key.range[0] : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item: unknown = node.items[part];
      if (!isNode(item) || !item.range) break;
      offset = item.range[0];
      node = item;
    } else break;
  }
  return offset;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A problem found in the YAML file, before its path is written out and located in the text. */
interface PathProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** `['alerts', 'rules', 2, 'failureRate']` → `alerts.rules[2].failureRate`. */
function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** A short, single-line rendering of a (non-secret) value for messages: `"20%"`, `25`, `a list`. */
function describeValue(value: unknown): string {
  if (value === null) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const cut = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(cut);
  }
  return String(value);
}

/**
 * Defaults of the YAML file. Chosen for "alerts that fire when something is really wrong and stay
 * quiet otherwise": a rule needs a handful of failures before a rate means anything.
 */
export const FILE_DEFAULTS = {
  timezone: 'UTC',
  digestWindow: '24h',
  alertIntervalMs: 60_000,
  minFailures: 5,
  baselineFactor: 1,
  // 1e-4: a rule evaluated every minute tests its window ~10,000 times a week; at 0.001
  // `replay --eval` counts about one false alert a month on steady traffic, at 1e-4 none, with
  // every real-spike target still met (docs/alert-evaluation.md).
  significance: 0.0001,
  for: 1,
  renotifyMs: 3_600_000,
} as const;

/**
 * What involves more than one key: unique names, a channel for every rule, recoverRate against
 * failureRate, baseline keys without a baseline. Runs on the keys that parsed, so these come in
 * the same round as the schema's problems; a check whose keys were refused is left to the schema
 * (which already says what is wrong with them) rather than guessed.
 */
function crossFieldProblems(file: SalvagedFile): PathProblem[] {
  return [
    ...digestProblems(file.digests),
    ...(file.alerts === null ? [] : ruleProblems(file.alerts)),
  ];
}

/** Applies the defaults to a file that passed the schema and `crossFieldProblems`. */
function resolveFileConfig(parsed: ParsedFile): FileConfig {
  const timezone = parsed.timezone ?? FILE_DEFAULTS.timezone;
  const digests = (parsed.digests ?? []).map(
    (digest): DigestConfig => ({
      name: digestName(digest),
      channel: digest.channel,
      schedule: digest.schedule,
      timezone: digest.timezone ?? timezone,
      window: digest.window ?? FILE_DEFAULTS.digestWindow,
    }),
  );
  const alerts = parsed.alerts == null ? null : resolveAlerts(parsed.alerts);
  const admins =
    parsed.admins == null
      ? null
      : { users: parsed.admins.users ?? [], usergroups: parsed.admins.usergroups ?? [] };
  return { timezone, executionUrl: parsed.executionUrl ?? null, digests, alerts, admins };
}

/** A digest without a name is known by what it does, so two identical ones are caught. */
function digestName(digest: Pick<ParsedDigest, 'name' | 'channel' | 'schedule' | 'window'>) {
  return (
    digest.name ??
    `${digest.channel} ${digest.schedule} ${digest.window ?? FILE_DEFAULTS.digestWindow}`
  );
}

function digestProblems(digests: SalvagedFile['digests']): PathProblem[] {
  const problems: PathProblem[] = [];
  const byName = new Map<string, number>();
  for (const [index, digest] of digests.entries()) {
    const name = digest === null ? null : knownDigestName(digest);
    if (digest === null || name === null) continue;
    const earlier = byName.get(name);
    if (earlier === undefined) byName.set(name, index);
    else if (digest.value.name === undefined) {
      problems.push({
        path: ['digests', index],
        message: `repeats digests[${earlier}] (same channel, schedule and window); remove one, or give each a distinct name`,
      });
    } else {
      problems.push({
        path: ['digests', index, 'name'],
        message: `"${name}" is already the name of digests[${earlier}]; digest names must be unique`,
      });
    }
  }
  return problems;
}

/** The digest's name, or null when it depends on a key that is missing or refused. */
function knownDigestName({ value, refused }: Fields<ParsedDigest>): string | null {
  if (refused.has('name') || refused.has('window')) return null;
  if (value.name !== undefined) return value.name;
  const { channel, schedule } = value;
  if (channel === undefined || schedule === undefined) return null;
  return digestName({ channel, schedule, window: value.window });
}

function ruleProblems(alerts: NonNullable<SalvagedFile['alerts']>): PathProblem[] {
  const problems: PathProblem[] = [];
  const byName = new Map<string, number>();
  for (const [index, rule] of alerts.rules.entries()) {
    if (rule === null) continue;
    const at = (key: keyof ParsedRule): PropertyKey[] => ['alerts', 'rules', index, key];
    const { name, failureRate, recoverRate } = rule.value;
    if (name !== undefined) {
      const earlier = byName.get(name);
      if (earlier === undefined) byName.set(name, index);
      else {
        problems.push({
          path: at('name'),
          message: `"${name}" is already the name of alerts.rules[${earlier}]; rule names must be unique`,
        });
      }
    }
    if (!isSet(rule, 'channel') && !isSet(alerts.head, 'channel')) {
      problems.push({
        path: at('channel'),
        message: 'no channel to post to; set alerts.channel, or channel on this rule',
      });
    }
    if (failureRate !== undefined && recoverRate !== undefined && recoverRate > failureRate) {
      problems.push({
        path: at('recoverRate'),
        message: `must not be above failureRate (${failureRate}), or the alert would recover while still breaching`,
      });
    }
    // baselineFactor and significance only mean something next to a baselineWindow. Said even
    // when their own value is refused too: fixing the value alone would not be enough.
    if (!isSet(rule, 'baselineWindow')) {
      for (const key of ['baselineFactor', 'significance'] as const) {
        if (!isSet(rule, key)) continue;
        problems.push({
          path: at(key),
          message:
            'only applies with baselineWindow; add baselineWindow (e.g. 24h) or remove this key',
        });
      }
    }
  }
  return problems;
}

function resolveAlerts(alerts: NonNullable<ParsedFile['alerts']>): AlertsConfig {
  const channel = alerts.channel ?? null;
  const rules = (alerts.rules ?? []).map(
    (rule): AlertRuleConfig => ({
      name: rule.name,
      scope: rule.scope ?? 'overall',
      sources: rule.sources ?? null,
      windowMs: rule.window,
      minFailures: rule.minFailures ?? FILE_DEFAULTS.minFailures,
      failureRate: rule.failureRate,
      baseline:
        rule.baselineWindow === undefined
          ? null
          : {
              windowMs: rule.baselineWindow,
              factor: rule.baselineFactor ?? FILE_DEFAULTS.baselineFactor,
              significance: rule.significance ?? FILE_DEFAULTS.significance,
            },
      for: rule.for ?? FILE_DEFAULTS.for,
      recoverRate: rule.recoverRate ?? rule.failureRate / 2,
      renotifyMs: rule.renotify ?? FILE_DEFAULTS.renotifyMs,
      // crossFieldProblems made sure one of the two is set.
      channel: rule.channel ?? channel ?? '',
    }),
  );
  return { intervalMs: alerts.interval ?? FILE_DEFAULTS.alertIntervalMs, channel, rules };
}

/**
 * What can be read of a YAML file that does not pass the schema as a whole: each mapping's keys
 * parsed one by one, so the checks that involve several keys (unique names, recoverRate against
 * failureRate, a baseline key without baselineWindow) run on whatever did parse, in the same round
 * as the type errors. Without it, fixing one round of errors would reveal the next.
 */

/** One mapping of the file, key by key. */
interface Fields<T> {
  /** The keys whose value passed its own schema, with the parsed (transformed) value. */
  readonly value: Partial<T>;
  /** The keys that are in the file but whose value was refused; the schema reports why. */
  readonly refused: ReadonlySet<string>;
}

interface SalvagedFile {
  /** One entry per list item; null where the item is not a mapping. */
  readonly digests: readonly (Fields<ParsedDigest> | null)[];
  /** Null when there is no `alerts` mapping. */
  readonly alerts: {
    readonly head: Fields<Omit<ParsedAlerts, 'rules'>>;
    readonly rules: readonly (Fields<ParsedRule> | null)[];
  } | null;
}

/** Whether the key is in the file at all, valid or not: a refused value is still "set". */
function isSet<T>(fields: Fields<T>, key: keyof T & string): boolean {
  return fields.value[key] !== undefined || fields.refused.has(key);
}

/** `data` is what the YAML document holds (already known to be a mapping). */
function salvageFile(data: Readonly<Record<string, unknown>>): SalvagedFile {
  const alerts = data.alerts;
  return {
    digests: listOf(data.digests).map((item) => fieldsOf(digestSchema, item)),
    alerts: isMapping(alerts)
      ? {
          head: fieldsIn(alertsSchema.omit({ rules: true }), alerts),
          rules: listOf(alerts.rules).map((item) => fieldsOf(ruleSchema, item)),
        }
      : null,
  };
}

function fieldsOf<S extends z.ZodObject>(schema: S, input: unknown): Fields<z.output<S>> | null {
  return isMapping(input) ? fieldsIn(schema, input) : null;
}

function fieldsIn<S extends z.ZodObject>(
  schema: S,
  input: Readonly<Record<string, unknown>>,
): Fields<z.output<S>> {
  const value: Record<string, unknown> = {};
  const refused = new Set<string>();
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (!Object.hasOwn(input, key)) continue;
    const parsed = field.safeParse(input[key]);
    if (parsed.success) {
      // An optional key parsed to undefined is the same as an absent one.
      if (parsed.data !== undefined) value[key] = parsed.data;
    } else refused.add(key);
  }
  return { value: value as Partial<z.output<S>>, refused };
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
