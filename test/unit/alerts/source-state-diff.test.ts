import { describe, expect, it } from 'vitest';
import {
  bytesWritten,
  ROWS_FROM_SUBJECTS,
  type RuleStateWrite,
  ruleStateOf,
  ruleStateWrite,
} from '../../../src/alerts/source-state-diff.js';
import type { RuleState } from '../../../src/messages/alert-view.js';
import { manySubjectsState, sourceName, withOneChanged, without } from '../state/many-subjects.js';
import { T0 } from './trace.js';

function rows(write: RuleStateWrite) {
  if (write.kind !== 'rows') throw new Error(`written ${write.kind}`);
  return write;
}

describe('what a rule state save writes', () => {
  const state = manySubjectsState(1_000);
  const T1 = T0 + 600_000;

  it('writes a rule the store does not hold yet whole, in one JSON', () => {
    const write = ruleStateWrite(null, state, false);
    expect(write).toEqual({ kind: 'whole', json: JSON.stringify(state) });
  });

  it('at 1,000 sources with one changed and one gone, writes the head, one subject and one delete', () => {
    const next = without(withOneChanged(state, sourceName(42), T1), sourceName(7));
    const write = rows(ruleStateWrite(state, next, true));
    expect(write.upserts.map(([subject]) => subject)).toEqual([sourceName(42)]);
    expect(write.removed).toEqual([sourceName(7)]);
    expect(JSON.parse(write.head)).not.toHaveProperty('subjects');
    expect(JSON.parse(write.upserts[0]?.[1] ?? 'null')).toEqual(next.subjects[sourceName(42)]);
    // About one subject's JSON and the head, instead of the JSON of 1,000 subjects.
    expect(bytesWritten(write)).toBeLessThan(JSON.stringify(next).length / 100);
  });

  it('moves every subject to a row the first time few changed of a rule held whole', () => {
    const next = without(withOneChanged(state, sourceName(42), T1), sourceName(7));
    const write = rows(ruleStateWrite(state, next, false));
    expect(write.upserts).toHaveLength(999);
    expect(write.removed).toEqual([]);
  });

  it('writes the state whole when most subjects changed (every source had executions)', () => {
    let next: RuleState = state;
    for (let i = 0; i < 600; i++) next = withOneChanged(next, sourceName(i), T1);
    expect(ruleStateWrite(state, next, true)).toEqual({
      kind: 'whole',
      json: JSON.stringify(next),
    });
  });

  it.each([
    { changed: 200, inRows: false, kind: 'rows' },
    { changed: 300, inRows: false, kind: 'whole' },
    { changed: 300, inRows: true, kind: 'rows' },
    { changed: 500, inRows: true, kind: 'rows' },
    { changed: 501, inRows: true, kind: 'whole' },
  ])(
    'with $changed of 1,000 changed, held in rows: $inRows, writes $kind (moving layouts rewrites every subject)',
    ({ changed, inRows, kind }) => {
      let next: RuleState = state;
      for (let i = 0; i < changed; i++) next = withOneChanged(next, sourceName(i), T1);
      expect(ruleStateWrite(state, next, inRows).kind).toBe(kind);
    },
  );

  it('writes a small rule whole, changed or not', () => {
    const small = manySubjectsState(ROWS_FROM_SUBJECTS - 1);
    expect(ruleStateWrite(small, small, false).kind).toBe('whole');
  });

  it('writes nothing but the head when no subject changed', () => {
    const muted = { ...state, mutes: { '*': { until: T0, by: 'U1' } } };
    const write = rows(ruleStateWrite(state, muted, true));
    expect(write.upserts).toEqual([]);
    expect(write.removed).toEqual([]);
    expect(JSON.parse(write.head).mutes).toEqual({ '*': { until: T0, by: 'U1' } });
  });

  it('makes up the same state from the rule’s row and its subject rows, in name order', () => {
    const { subjects, ...head } = state;
    const again = ruleStateOf(head, Object.entries(subjects).reverse());
    expect(again).toEqual(state);
    expect(Object.keys(again.subjects)).toEqual(Object.keys(state.subjects).sort());
    expect(ruleStateOf(state, [])).toEqual(state);
  });
});
