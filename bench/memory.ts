import type { AppChild } from './app-child.js';
import { runRound } from './round.js';
import { mib, num, printTable, type Verdict, verdictCell } from './table.js';
import type { BenchWorld } from './world.js';

/**
 * Measurement 5: memory of a fresh app at idle, after the first tenth of the commands (caches
 * and JIT warm) and after all of them, in batches of concurrent commands over a mix of windows,
 * every reply awaited. Figures are taken in the app's process after a forced GC. Growth between
 * "warm" and "end" must stay under a small constant; the bare Bolt app gets the same commands.
 */

const BATCH = 100;
/** The leak signal: live heap after a GC. RSS is shown beside the bare app's, for scale only:
 *  V8 and the allocator keep pages they no longer need, in the bare app too. */
const HEAP_GROWTH_LIMIT = 5 * 1024 * 1024;
const TEXTS = [
  '24h',
  '7d',
  'today',
  'yesterday',
  '6h',
  'this-week',
  '30d daily',
  '15m',
  'last-week',
  '24h public',
];

type Usage = NodeJS.MemoryUsage;

async function drive(world: BenchWorld, app: AppChild, commands: number): Promise<Usage[]> {
  const idle = (await app.memory()).usage;
  let warm = idle;
  const warmAt = Math.max(BATCH, Math.round(commands / 10 / BATCH) * BATCH);
  for (let sent = 0; sent < commands; sent += BATCH) {
    const texts = Array.from(
      { length: Math.min(BATCH, commands - sent) },
      (_, i) => TEXTS[(sent + i) % TEXTS.length] ?? '24h',
    );
    await runRound(world, app, { texts, awaitReplies: app.kind === 'bot', warmUp: false });
    if (sent + BATCH === warmAt) warm = (await app.memory()).usage;
  }
  return [idle, warm, (await app.memory()).usage];
}

export async function measureMemory(world: BenchWorld, commands: number): Promise<Verdict[]> {
  world.setStatsDelay(0);
  const rows: (string | number)[][] = [];
  const verdicts: Verdict[] = [];
  let gc = true;
  for (const kind of ['bare', 'bot'] as const) {
    const app = await world.startApp(kind);
    try {
      gc = gc && (await app.memory()).gc;
      const [idle, warm, end] = (await drive(world, app, commands)) as [Usage, Usage, Usage];
      const heapGrowth = end.heapUsed - warm.heapUsed;
      const rssGrowth = end.rss - warm.rss;
      const pass = heapGrowth <= HEAP_GROWTH_LIMIT;
      if (kind === 'bot') {
        verdicts.push({
          measurement: `memory growth, ${commands} commands`,
          target: `heap growth <= ${mib(HEAP_GROWTH_LIMIT)}`,
          pass,
        });
      }
      rows.push([
        kind,
        mib(idle.rss),
        mib(warm.rss),
        mib(end.rss),
        mib(rssGrowth),
        mib(idle.heapUsed),
        mib(warm.heapUsed),
        mib(end.heapUsed),
        mib(heapGrowth),
        kind === 'bot' ? verdictCell(pass) : '',
      ]);
    } finally {
      await app.stop();
    }
  }
  printTable(
    `5. Memory (${commands} commands in batches of ${BATCH}; after a forced GC${gc ? '' : ' — NOT available, figures include garbage'}; warm = after ${num(Math.max(BATCH, commands / 10), 0)})`,
    [
      'app',
      'RSS idle',
      'RSS warm',
      'RSS end',
      'RSS growth',
      'heap idle',
      'heap warm',
      'heap end',
      'heap growth',
      'verdict',
    ],
    rows,
  );
  return verdicts;
}
