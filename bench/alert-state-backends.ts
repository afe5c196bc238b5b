import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAlertCycle } from '../src/alerts/cycle.js';
import type { AlertStore } from '../src/alerts/store.js';
import { fixedClock } from '../src/clock.js';
import { createMemoryAlertStore } from '../src/dev/alerts/memory-store.js';
import { openStateDb } from '../src/state/open-state-db.js';
import { openPostgresState } from '../src/state/postgres/open-postgres-state.js';
import { createSqliteAlertStore } from '../src/state/sqlite-alert-store.js';
import { createStatsClient } from '../src/stats/client.js';
import { startStatsServer } from '../test/support/stats-server.js';
import { createTestDatabase } from '../test/unit/state/backends.js';
import { cycleWorld, evaluationRules, INTERVAL_MS } from './alert-evaluation.js';
import { bigStatsBody } from './big-body.js';
import { median, ratio } from './percentiles.js';
import { type CycleWrites, measuringWrites } from './state-writes.js';
import { mib, num, printTable, type Verdict, verdictCell } from './table.js';

/**
 * Measurement 7: the same alert cycle as measurement 4 (100 per-source rules, 1,000 source
 * systems) with its state kept in memory (the floor), in SQLite (a temporary file) and in
 * PostgreSQL (a temporary database on 127.0.0.1:5432, dropped after): time per cycle, and each
 * store's ratio to memory in the same run. What the stores add is writing each rule's state with
 * its notifications in one transaction per rule, every cycle: the rule's own row and the subjects
 * that changed (migration 6). A fourth, untimed copy of the cycle (memory store) counts the bytes
 * and rows those saves write, beside what one JSON per rule (before migration 6) wrote.
 */

const SOURCES = 1_000;
/** PostgreSQL may cost more than SQLite (a round trip per statement), but not in another league. */
const PG_TO_SQLITE_TARGET = 3;

interface Backend {
  readonly name: string;
  readonly store: AlertStore;
  close(): Promise<void>;
}

async function backends(): Promise<Backend[]> {
  const file = join(tmpdir(), `exec-stats-bench-${process.pid}.db`);
  const db = openStateDb(file);
  const database = await createTestDatabase('bench');
  const pg = await openPostgresState(database.url);
  return [
    { name: 'memory', store: createMemoryAlertStore(), close: async () => {} },
    {
      name: 'SQLite',
      store: createSqliteAlertStore(db),
      close: async () => {
        db.close();
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      },
    },
    {
      name: 'PostgreSQL',
      store: pg.stores.alerts,
      close: async () => {
        await pg.close();
        await database.drop();
      },
    },
  ];
}

export async function measureAlertStateBackends(cycles: number): Promise<Verdict[]> {
  const statsApi = await startStatsServer((call) => ({
    body: bigStatsBody(SOURCES, call.query.to ?? Date.UTC(2026, 10, 2, 12), 24),
  }));
  const stats = createStatsClient({ baseUrl: statsApi.url, token: 'bench-stats-token' });
  const ruleSet = evaluationRules();
  const all = await backends();
  const cycleMs = new Map<string, number[]>(all.map((b) => [b.name, []]));
  const writes: CycleWrites[] = [];
  try {
    // Each backend runs the same cycles on its own clock; the rounds alternate between them.
    const worlds = all.map((backend) => {
      const clock = fixedClock(Date.UTC(2026, 10, 2, 12));
      return { backend, clock, deps: cycleWorld(ruleSet, stats, backend.store, clock).deps };
    });
    const counted = measuringWrites(createMemoryAlertStore());
    const countedClock = fixedClock(Date.UTC(2026, 10, 2, 12));
    const countedDeps = cycleWorld(ruleSet, stats, counted.store, countedClock).deps;
    for (let cycle = 0; cycle < cycles; cycle++) {
      for (const { backend, clock, deps } of worlds) {
        clock.advance(INTERVAL_MS);
        const started = performance.now();
        await runAlertCycle(deps);
        cycleMs.get(backend.name)?.push(performance.now() - started);
      }
      countedClock.advance(INTERVAL_MS);
      await runAlertCycle(countedDeps);
      writes.push(counted.take());
    }
  } finally {
    for (const backend of all) await backend.close();
    await stats.close();
    await statsApi.close();
  }
  const medianOf = (name: string) => median(cycleMs.get(name) ?? []);
  const memory = medianOf('memory');
  const sqlite = medianOf('SQLite');
  const postgres = medianOf('PostgreSQL');
  const pgToSqlite = ratio(postgres, sqlite);
  const pass = pgToSqlite <= PG_TO_SQLITE_TARGET;
  printTable(
    `7. Alert cycle by state DB (${ruleSet.length} per-source rules, ${SOURCES} source systems, ${cycles} cycles each, rounds alternated)`,
    ['state kept in', 'cycle ms (median)', 'ratio to memory'],
    [
      ['memory', num(memory), '1'],
      ['SQLite', num(sqlite), num(ratio(sqlite, memory))],
      ['PostgreSQL', num(postgres), num(ratio(postgres, memory))],
    ],
  );
  printWrites(writes);
  printTable(
    '7. Verdict',
    ['PostgreSQL / SQLite', 'target', 'verdict'],
    [[num(pgToSqlite), `<= ${PG_TO_SQLITE_TARGET}`, verdictCell(pass)]],
  );
  return [
    {
      measurement: 'alert cycle, PostgreSQL / SQLite state',
      target: `<= ${PG_TO_SQLITE_TARGET}`,
      pass,
    },
  ];
}

/** The first cycle (every subject new) and the median of the later ones, both ways. */
function printWrites(writes: readonly CycleWrites[]): void {
  const later = writes.slice(1);
  const row = (
    label: string,
    bytes: (w: CycleWrites) => number,
    rows: (w: CycleWrites) => number,
  ) => [
    label,
    mib(bytes(writes[0] ?? NO_WRITES)),
    num(rows(writes[0] ?? NO_WRITES)),
    later.length === 0 ? '-' : mib(median(later.map(bytes))),
    later.length === 0 ? '-' : num(median(later.map(rows))),
  ];
  printTable(
    '7. Rule state written per cycle (JSON bytes and rows)',
    ['written as', '1st cycle', 'rows', 'later (median)', 'rows'],
    [
      row(
        'one JSON per rule (before)',
        (w) => w.wholeBytes,
        (w) => w.wholeRows,
      ),
      row(
        'whole, or changed subjects (now)',
        (w) => w.incrementalBytes,
        (w) => w.incrementalRows,
      ),
    ],
  );
}

const NO_WRITES: CycleWrites = {
  wholeBytes: 0,
  wholeRows: 0,
  incrementalBytes: 0,
  incrementalRows: 0,
};
