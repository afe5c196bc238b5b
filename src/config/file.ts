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
import type { core } from 'zod';
import type { ConfigProblem, FileConfig } from './config.js';
import { fileSchema, KNOWN_KEYS } from './file-schema.js';
import { describeValue, keyPath, type PathProblem } from './problems.js';
import { crossFieldProblems, resolveFileConfig } from './resolve-file.js';
import { salvageFile } from './salvage.js';
import { closest } from './syntax.js';

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
