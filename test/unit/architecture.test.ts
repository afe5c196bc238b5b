import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/child-process.js';

/**
 * The import graph of src/: no circles, and no import from a higher layer. A pure core (clock,
 * stats types and client, time, config, Block Kit builders) sits below the Slack shell; the
 * features (digests, alerts) build on the `/exec-stats` command core and never on each other; the
 * app, the runtime and the entry points put them together. The developer tools (simulator, alert
 * simulation, terminal renderer) sit in dev/, just below the CLI: production code does not import
 * them. A new folder must be given a layer here before its first file lands.
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
  { name: 'stats API (types, errors, schema, client)', members: ['stats/'] },
  { name: 'metrics (what /metrics serves)', members: ['metrics/'] },
  { name: 'time and schedules (pure)', members: ['time/', 'schedule/'] },
  // Charts: data in, PNG out, no network (the renderer draws with a bundled font).
  { name: 'charts (pure: chart data and its renderer)', members: ['charts/'] },
  { name: 'config', members: ['config/'] },
  { name: 'messages (pure Block Kit)', members: ['messages/'] },
  { name: 'Slack helpers and lifecycle', members: ['slack/', 'lifecycle/'] },
  { name: 'the Feature contract', members: ['features/'] },
  { name: 'the /exec-stats command and its stats query', members: ['commands/'] },
  { name: 'features', members: ['digests/', 'alerts/'], independent: true },
  // The Home tab reads both features' stores and config; neither feature imports it.
  { name: 'the App Home tab', members: ['home/'] },
  { name: 'state DB (the features’ stores on SQLite)', members: ['state/'] },
  { name: 'Bolt listeners', members: ['listeners/'] },
  { name: 'app wiring and runtime', members: ['app.ts', 'runtime/'] },
  {
    name: 'developer tools (simulator, alert simulation, terminal renderer)',
    members: ['dev/'],
  },
  { name: 'entry points', members: ['cli/', 'cli.ts', 'main.ts'] },
];

/** The developer tools' folder, and the only files besides its own that may import it. */
const DEV = 'dev/';
const DEV_IMPORTERS = ['cli/', 'cli.ts'];

/**
 * The one way production code reaches dev/: `EXEC_STATS_SIMULATOR=1` makes the stats source load
 * the simulator with `import()`, so the bot loads it only when asked to. Dynamic imports only;
 * these edges are exempt from the layering (they point up) and from nothing else.
 */
const ALLOWED_DYNAMIC_DEV_IMPORTS: readonly string[] = [
  'stats/create-stats-source.ts -> dev/simulator/scenarios.ts',
  'stats/create-stats-source.ts -> dev/simulator/simulated-source.ts',
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

function resolveSpecifiers(file: string, specifiers: readonly string[]): string[] {
  const targets = specifiers
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => posix.normalize(posix.join(dirname(file), spec)).replace(/\.js$/, '.ts'));
  return [...new Set(targets)];
}

/** The src/ files a file imports: static imports, `export … from`, and `import('…')` literals. */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return resolveSpecifiers(
    file,
    importedFiles.map((ref) => ref.fileName),
  );
}

/** The src/ files a file imports statically (`import … from`, `export … from`, types included). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(SRC, file), 'utf8'),
    ts.ScriptTarget.ES2022,
  );
  const specifiers = source.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier !== undefined &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : [],
  );
  return resolveSpecifiers(file, specifiers);
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
  if (ALLOWED_DYNAMIC_DEV_IMPORTS.includes(`${from} -> ${to}`)) return null; // checked below
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

  it('keeps dev/ out of production: only the CLI imports it, and the bot only loads the simulator', () => {
    const mayImportDev = (file: string) =>
      file.startsWith(DEV) ||
      DEV_IMPORTERS.some((m) => (m.endsWith('/') ? file.startsWith(m) : file === m));
    const staticIntoDev = files.flatMap((file) =>
      mayImportDev(file)
        ? []
        : staticImports(file)
            .filter((target) => target.startsWith(DEV))
            .map((target) => `${file} -> ${target}`),
    );
    expect(staticIntoDev).toEqual([]);
    const anyIntoDev = [...graph].flatMap(([file, imports]) =>
      mayImportDev(file)
        ? []
        : imports
            .filter((target) => target.startsWith(DEV))
            .map((target) => `${file} -> ${target}`),
    );
    // Every production edge into dev/ is one of the allowed dynamic ones, and each is still there.
    expect(anyIntoDev.sort()).toEqual([...ALLOWED_DYNAMIC_DEV_IMPORTS].sort());
    expect(files.filter((file) => file.startsWith(DEV)).length).toBeGreaterThan(0);
  });

  it('tells a static import from a dynamic one', () => {
    expect(staticImports('stats/create-stats-source.ts')).not.toContain(
      'dev/simulator/simulated-source.ts',
    );
    expect(graph.get('stats/create-stats-source.ts')).toContain(
      'dev/simulator/simulated-source.ts',
    );
    expect(staticImports('cli/replay.ts')).toContain('dev/alerts/simulate.ts');
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
