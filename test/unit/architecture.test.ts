import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/child-process.js';

/**
 * The import graph of src/: no circles, and no import from a higher layer. A pure core (clock,
 * stats types and client, time, config, Block Kit builders) sits below the Slack shell; the
 * features (digests, alerts) build on the `/exec-stats` command core and never on each other; the
 * app, the runtime and the entry points put them together. A new folder must be given a layer
 * here before its first file lands.
 */

interface Layer {
  readonly name: string;
  /** Paths under src/: a folder ends in `/`, anything else is one file. */
  readonly members: readonly string[];
  /** Members of the layer may not import one another (the features stay independent). */
  readonly independent?: boolean;
}

/** Lowest first: a file may import its own layer and the ones before it. */
const LAYERS: readonly Layer[] = [
  { name: 'clock', members: ['clock.ts'] },
  { name: 'logging', members: ['logging/'] },
  { name: 'stats API (types, errors, schema, client, simulator)', members: ['stats/'] },
  { name: 'time and schedules (pure)', members: ['time/', 'schedule/'] },
  { name: 'config', members: ['config/'] },
  { name: 'messages (pure Block Kit)', members: ['messages/'] },
  { name: 'Slack helpers and lifecycle', members: ['slack/', 'lifecycle/'] },
  { name: 'the Feature contract', members: ['features/'] },
  { name: 'the /exec-stats command and its stats query', members: ['commands/'] },
  { name: 'features', members: ['digests/', 'alerts/'], independent: true },
  { name: 'state DB (the features’ stores on SQLite)', members: ['state/'] },
  { name: 'Bolt listeners', members: ['listeners/'] },
  { name: 'app wiring and runtime', members: ['app.ts', 'runtime/'] },
  { name: 'entry points', members: ['cli/', 'cli.ts', 'main.ts'] },
];

/**
 * Edges (and circles) known to break the rules, each to be removed with its fix; the test fails
 * when one is fixed but still listed, so the list only shrinks. Empty: the last one,
 * config/file-schema.ts -> digests/cron.ts, went when the cron syntax moved to schedule/.
 */
const KNOWN_VIOLATIONS: readonly string[] = [];

const SRC = join(REPO_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [relative(SRC, full).split('\\').join('/')] : [];
  });
}

/** The src/ files a file imports: static imports, `export … from`, and `import('…')` literals. */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const targets = importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => posix.normalize(posix.join(dirname(file), spec)).replace(/\.js$/, '.ts'));
  return [...new Set(targets)];
}

function layerOf(file: string): { index: number; member: string } | null {
  for (const [index, layer] of LAYERS.entries()) {
    const member = layer.members.find((m) => (m.endsWith('/') ? file.startsWith(m) : file === m));
    if (member !== undefined) return { index, member };
  }
  return null;
}

/** Why an import breaks the layering, or null when it does not. */
function layeringProblem(from: string, to: string): string | null {
  const a = layerOf(from);
  const b = layerOf(to);
  if (a === null || b === null) return null; // reported by the "every file has a layer" test
  if (b.index > a.index) return `${from} -> ${to}`;
  if (b.index === a.index && a.member !== b.member && LAYERS[a.index]?.independent) {
    return `${from} -> ${to}`;
  }
  return null;
}

/** Every circle, once each, written from its smallest file: `a.ts -> b.ts -> a.ts`. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const loop = path.slice(path.indexOf(next));
        const start = loop.indexOf([...loop].sort()[0] ?? next);
        const rotated = [...loop.slice(start), ...loop.slice(0, start)];
        cycles.add(`circle: ${[...rotated, rotated[0]].join(' -> ')}`);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return [...cycles].sort();
}

describe('the import graph of src/', () => {
  const files = sourceFiles(SRC).sort();
  const graph = new Map(files.map((file) => [file, relativeImports(file)]));

  it('reads every source file and its imports', () => {
    expect(files).toEqual(expect.arrayContaining(['main.ts', 'app.ts', 'features/feature.ts']));
    expect(graph.get('main.ts')).toContain('app.ts');
    for (const [file, imports] of graph) {
      for (const target of imports) expect(files, `${file} imports ${target}`).toContain(target);
    }
  });

  it('gives every file a layer, and every layer member a file', () => {
    expect(files.filter((file) => layerOf(file) === null)).toEqual([]);
    const members = LAYERS.flatMap((layer) => layer.members);
    expect(members.filter((m) => !files.some((file) => file === m || file.startsWith(m)))).toEqual(
      [],
    );
  });

  it('has no circles and no import from a higher layer, beyond the known ones', () => {
    const layering = [...graph].flatMap(([file, imports]) =>
      imports.flatMap((target) => layeringProblem(file, target) ?? []),
    );
    const found = [...findCycles(graph), ...layering].sort();
    expect(found).toEqual([...KNOWN_VIOLATIONS].sort());
  });

  it('finds a circle and an upward import when there is one', () => {
    const circle = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(findCycles(circle)).toEqual(['circle: a.ts -> b.ts -> c.ts -> a.ts']);
    expect(layeringProblem('messages/x.ts', 'alerts/y.ts')).toBe('messages/x.ts -> alerts/y.ts');
    expect(layeringProblem('alerts/x.ts', 'digests/y.ts')).toBe('alerts/x.ts -> digests/y.ts');
    expect(layeringProblem('alerts/x.ts', 'messages/y.ts')).toBeNull();
  });
});
