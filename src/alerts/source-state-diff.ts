import type { RuleState, SubjectState } from '../messages/alert-view.js';

/**
 * How a rule's state is written incrementally. A per-source rule keeps one state per source system
 * (a subject), thousands of them. When a cycle changes a few, the stores keep the rule's own part
 * (incident, mutes, last incident: the head) in the rule's row and each subject in a row of its
 * own, and write the head and the subjects that changed. The engine refreshes a calm source once
 * a step (subject-evaluation.ts, learningStepMs), so an evaluation cycle changes a few of them, and
 * those in an incident. When most changed (the first cycle, or a rule with many sources in an
 * incident), one row per subject would cost more than the one JSON of the whole state, so the
 * state is written whole into the rule's row, as before.
 * Either way a read is the head plus the subjects of both places (one of them is empty).
 * Pure: the stores apply what this computes.
 */

/** Rules with fewer subjects are always written whole: their JSON is small. */
export const ROWS_FROM_SUBJECTS = 20;
/** Subject rows are written when at most this share of the subjects changed or went… */
export const ROWS_UP_TO_CHANGED = 0.25;
/**
 * …or, when the subjects are in rows already, this share: moving between the two layouts rewrites
 * every subject, so a rule whose share of changes hovers around the first limit (its calm sources
 * refreshed a step apart, plus those in an incident every cycle) stays where it is.
 */
export const ROWS_KEPT_UP_TO_CHANGED = 0.5;

export type RuleStateWrite =
  /** The whole state into the rule's row; any subject rows of the rule are deleted. */
  | { readonly kind: 'whole'; readonly json: string }
  | {
      readonly kind: 'rows';
      /** The state without its subjects, into the rule's row. */
      readonly head: string;
      /** Subject name and its state as JSON, in name order. */
      readonly upserts: readonly (readonly [string, string])[];
      /** Subject rows to delete, in name order. */
      readonly removed: readonly string[];
    };

/** A rule's state as stored: its row's JSON (`subjects` there when written whole) and its subject rows. */
export function ruleStateOf(
  row: RuleState | Omit<RuleState, 'subjects'>,
  subjectRows: Iterable<readonly [string, SubjectState]>,
): RuleState {
  const rows = [...subjectRows];
  // Written whole: as it was (the common case, and the cheapest to read).
  if (rows.length === 0 && 'subjects' in row) return row;
  const inRow = 'subjects' in row ? Object.entries(row.subjects) : [];
  const sorted = [...inRow, ...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { ...row, subjects: Object.fromEntries(sorted) };
}

/**
 * What turns `previous` (what the store holds; null: nothing) into `next`. `inRows`: the store
 * holds the rule's subjects in rows (it has at least one subject row for it).
 */
export function ruleStateWrite(
  previous: Pick<RuleState, 'subjects'> | null,
  next: RuleState,
  inRows: boolean,
): RuleStateWrite {
  const before = previous?.subjects ?? {};
  const changed = Object.keys(next.subjects).filter(
    (subject) => !sameJson(before[subject], next.subjects[subject]),
  );
  const removed = Object.keys(before).filter((subject) => !(subject in next.subjects));
  const count = Object.keys(next.subjects).length;
  const limit = inRows ? ROWS_KEPT_UP_TO_CHANGED : ROWS_UP_TO_CHANGED;
  const few = changed.length + removed.length <= limit * Math.max(count, 1);
  if (count < ROWS_FROM_SUBJECTS || !few) return { kind: 'whole', json: JSON.stringify(next) };
  const { subjects, ...head } = next;
  // Held whole until now: every subject moves to a row (the rule's row drops them).
  const upserts = (inRows ? changed : Object.keys(subjects))
    .sort()
    .map((subject) => [subject, JSON.stringify(subjects[subject])] as const);
  return {
    kind: 'rows',
    head: JSON.stringify(head),
    upserts,
    removed: inRows ? removed.sort() : [],
  };
}

/** The bytes of JSON a write carries. */
export function bytesWritten(write: RuleStateWrite): number {
  if (write.kind === 'whole') return Buffer.byteLength(write.json);
  let bytes = Buffer.byteLength(write.head);
  for (const [subject, json] of write.upserts) bytes += Buffer.byteLength(subject + json);
  return bytes;
}

/** The rows a write changes: the rule's row, and each subject row upserted or deleted. */
export function rowsWritten(write: RuleStateWrite): number {
  return write.kind === 'whole' ? 1 : 1 + write.upserts.length + write.removed.length;
}

/** Whether two JSON values are the same JSON (undefined members count as absent). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  if (keys.length !== Object.keys(y).filter((k) => y[k] !== undefined).length) return false;
  return keys.every((k) => sameJson(x[k], y[k]));
}
