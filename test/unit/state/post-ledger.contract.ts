import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PostLedger } from '../../../src/slack/post-once.js';
import type { ContractBackend, ContractDb } from './backends.js';

/** What every PostLedger must do (src/slack/post-once.ts), whichever database holds it. */
export function postLedgerContract(backend: ContractBackend): void {
  describe(`the ${backend.name} post ledger`, () => {
    let db: ContractDb;
    let ledger: PostLedger;
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    beforeEach(async () => {
      db = await backend.fresh();
      ledger = (await db.open()).ledger;
    });
    afterEach(() => db.dispose());

    it('records a key once and returns its entry either way', async () => {
      const first = await ledger.record('k', 'C1', 'a', 10);
      expect(first).toEqual({
        key: 'k',
        channel: 'C1',
        state: 'pending',
        owner: 'a',
        ts: null,
        createdAt: 10,
      });
      expect(await ledger.record('k', 'C2', 'b', 20)).toEqual(first);
    });

    it('moves to posting by compare-and-set: of two that saw the same entry, one wins', async () => {
      const seen = await ledger.record('k', 'C1', 'a', 1);
      const wins = await Promise.all([
        ledger.beginPosting('k', 'a', seen, 2),
        ledger.beginPosting('k', 'b', seen, 2),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      const now = await ledger.record('k', 'C1', 'c', 3);
      expect(now.state).toBe('posting');
      expect(now.owner).toBe(wins[0] ? 'a' : 'b');
      // What the caller saw no longer holds: no one else begins from it.
      expect(await ledger.beginPosting('k', 'c', seen, 4)).toBe(false);
    });

    it('goes back to pending only from posting, and keeps the ts once posted', async () => {
      const seen = await ledger.record('k', 'C1', 'a', 1);
      await ledger.markPending('k', 2);
      expect((await ledger.record('k', 'C1', 'a', 2)).state).toBe('pending');
      expect(await ledger.beginPosting('k', 'a', seen, 3)).toBe(true);
      await ledger.markPending('k', 4);
      const back = await ledger.record('k', 'C1', 'a', 5);
      expect(back.state).toBe('pending');
      expect(await ledger.beginPosting('k', 'b', back, 6)).toBe(true);
      await ledger.markPosted('k', '1700000000.000100', 7);
      await ledger.markPending('k', 8);
      expect(await ledger.record('k', 'C1', 'c', 9)).toMatchObject({
        state: 'posted',
        owner: 'b',
        ts: '1700000000.000100',
        createdAt: 1,
      });
    });
  });
}
