import type { ConfigProblem } from './config.js';

/** A problem found in the YAML file, before its path is written out and located in the text. */
export interface PathProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** `['alerts', 'rules', 2, 'failureRate']` → `alerts.rules[2].failureRate`. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** The problems as lines for a terminal or a log: a count, then one `key: message` per problem. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  const lines = problems.map((problem) => `  - ${problem.key}: ${problem.message}`);
  return [`Configuration has ${problems.length} ${noun}:`, ...lines].join('\n');
}

/** A short, single-line rendering of a (non-secret) value for messages: `"20%"`, `25`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const cut = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(cut);
  }
  return String(value);
}
