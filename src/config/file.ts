import { type Document, isNode, LineCounter, parseDocument } from 'yaml';
import type { core } from 'zod';
import type { ConfigProblem, FileConfig } from './config.js';
import { fileSchema, KNOWN_KEYS } from './file-schema.js';
import { describeValue, keyPath, type PathProblem } from './problems.js';
import { resolveFileConfig } from './resolve-file.js';
import { closest } from './syntax.js';

export type FileConfigResult =
  | { readonly ok: true; readonly value: FileConfig }
  | { readonly ok: false; readonly problems: ConfigProblem[] };

/**
 * Parses and validates the YAML config file. Every problem carries its key path and, where the
 * key is in the text, the line, so a typo is found without reading the whole file. Pure: the
 * caller reads the file; `path` only appears in messages.
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
  const resolved = parsed.success
    ? resolveFileConfig(parsed.data)
    : { ok: false as const, problems: parsed.error.issues.flatMap(issueProblems) };
  if (resolved.ok) return resolved;
  return {
    ok: false,
    problems: resolved.problems.map((problem) => located(problem, doc, lineCounter, path)),
  };
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

/** Adds where in the file the key (or, when it is missing, its parent) is. */
function located(
  problem: PathProblem,
  doc: Document,
  lineCounter: LineCounter,
  path: string,
): ConfigProblem {
  const key = keyPath(problem.path);
  for (let depth = problem.path.length; depth >= 0; depth--) {
    const node = doc.getIn(problem.path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const line = lineCounter.linePos(node.range[0]).line;
      return { key, message: `${problem.message} (${path} line ${line})` };
    }
  }
  return { key, message: problem.message };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
