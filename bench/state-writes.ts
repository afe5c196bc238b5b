import type { RuleStateWrite } from '../src/alerts/source-state-diff.js';
import { bytesWritten, rowsWritten, ruleStateWrite } from '../src/alerts/source-state-diff.js';
import type { AlertStore } from '../src/alerts/store.js';

/** What the rule state saves of one cycle asked the store to write, both ways. */
export interface CycleWrites {
  /** One JSON of the whole state per rule, as the stores wrote it before migration 6. */
  wholeBytes: number;
  wholeRows: number;
  /** As the stores write now: whole, or the rule's row and the subject rows that changed. */
  incrementalBytes: number;
  incrementalRows: number;
}

/**
 * `store` (held in memory) with every rule state save measured (for measurement 7): the bytes of
 * JSON and the rows a save writes now (source-state-diff.ts, the same function the stores apply,
 * with the layout a store would hold from the previous save) beside what one JSON per rule cost.
 * `take()` returns the totals since the last call.
 */
export function measuringWrites(store: AlertStore): { store: AlertStore; take(): CycleWrites } {
  let writes = none();
  const layouts = new Map<string, RuleStateWrite['kind']>();
  return {
    store: {
      ...store,
      async saveRuleState(rule, state, notifications, previous) {
        const base = previous === undefined ? await store.loadRuleState(rule) : previous;
        const inRows = layouts.get(rule) === 'rows' && Object.keys(base?.subjects ?? {}).length > 0;
        const write = ruleStateWrite(base, state, inRows);
        layouts.set(rule, write.kind);
        writes.wholeBytes += Buffer.byteLength(JSON.stringify(state));
        writes.wholeRows += 1;
        writes.incrementalBytes += bytesWritten(write);
        // Going back to whole deletes the rule's subject rows.
        writes.incrementalRows +=
          write.kind === 'whole' && inRows
            ? 1 + Object.keys(base?.subjects ?? {}).length
            : rowsWritten(write);
        await store.saveRuleState(rule, state, notifications, previous);
      },
    },
    take() {
      const taken = writes;
      writes = none();
      return taken;
    },
  };
}

function none(): CycleWrites {
  return { wholeBytes: 0, wholeRows: 0, incrementalBytes: 0, incrementalRows: 0 };
}
