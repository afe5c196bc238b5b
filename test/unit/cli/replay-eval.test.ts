import { describe, expect, it } from 'vitest';
import { runReplay } from '../../../src/cli/replay.js';
import { fakeIo } from './fake-io.js';

/** The cells of a table row whose case cell is `name` and rule cell is `rule`. */
function cells(out: string, name: string, rule: 'engine' | 'threshold'): string[] {
  const lines = out.split('\n');
  const at = lines.findIndex((l) => l.includes(`| ${name} |`));
  const line = rule === 'engine' ? lines[at] : lines[at + 1];
  return (line ?? '')
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

/** The table without the timing cells, which depend on the machine. */
function figures(out: string): string {
  return out
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .map((l) => l.replace(/\| [\d.]+ \/ [\d.]+ \|$/, '|'))
    .join('\n');
}

describe('exec-stats replay --eval', () => {
  it('prints the suite for both sets, the same figures on every run', async () => {
    const args = ['--eval', '--quick', '--family', 'spike,stuck,clustered'];
    const first = fakeIo();
    expect(await runReplay(args, first.io)).toBe(0);
    const second = fakeIo();
    await runReplay(args, second.io);
    expect(figures(second.out())).toBe(figures(first.out()));
    const out = first.out();
    expect(out).toMatch(/^Alert evaluation suite \(quick\)/);
    expect(out).toMatch(/### Tuned set: seeds 1-20/);
    expect(out).toMatch(/### Held-out set: seeds 101-120/);
    // 6 spike cases + stuck + clustered, an engine and a threshold row each, in 2 sets.
    const rows = out.split('\n').filter((l) => /\| (engine|threshold) \|/.test(l));
    expect(rows).toHaveLength(2 * 2 * 8);

    // The threshold rule does not depend on the engine: its figures pin the streams down.
    const threshold = cells(out, '45% for 30 min, billing volume', 'threshold');
    expect(threshold.slice(2, 6)).toEqual(['threshold', '18', '18/18 (100%)', '18/18 (100%)']);
    expect(threshold[7]).toBe('26.67 (2)');
    const engine = cells(out, '45% for 30 min, billing volume', 'engine');
    expect(engine[0]).toBe('spike');
    expect(engine[3]).toBe('18');
    // The engine catches every one of these spikes; a stuck stream and steady clusters are
    // scored in their own columns (resolved while stuck; false alerts).
    expect(engine[4]).toBe('18/18 (100%)');
    const stuck = cells(out, '45% for 30 min, then nothing finishes for 2 h', 'engine');
    expect(stuck[14]).toMatch(/^\d+$/);
    expect(out).toMatch(/Evaluated in [\d.]+ s/);
  }, 60_000);

  it('refuses an unknown set', async () => {
    const { io, err } = fakeIo();
    expect(await runReplay(['--eval', '--set', 'all'], io)).toBe(2);
    expect(err()).toMatch(/--set must be tuned, held-out or both/);
  });
});
