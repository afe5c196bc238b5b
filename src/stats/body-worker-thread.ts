import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * Starts a body worker (body-worker.ts) from wherever this code runs. Compiled (`npm start`,
 * `node dist/main.js`) the worker is `body-worker.js` beside this file and Node loads it as is.
 * From the sources (tsx: `npm run dev`, the demo, the CLI, the bench; vitest) it is
 * `body-worker.ts`, and Node 20 does not apply the parent's `--import tsx` hooks to a worker
 * thread (it fails with ERR_UNKNOWN_FILE_EXTENSION), so a two-line bootstrap loads it through
 * tsx's own API instead. tsx is a dependency of the project (package.json), so it is there.
 */

const SELF = import.meta.url;
const FROM_SOURCES = SELF.endsWith('.ts');
const ENTRY = new URL(`./body-worker.${FROM_SOURCES ? 'ts' : 'js'}`, SELF);

export function startBodyWorker(resourceLimits: ResourceLimits): Worker {
  // stdout/stderr are the parent's; env and argv are not needed by the worker.
  const options = { resourceLimits, argv: [], execArgv: [] as string[] };
  if (!FROM_SOURCES) return new Worker(ENTRY, options);
  const bootstrap = [
    `import(${JSON.stringify(tsxEsmApi())})`,
    `.then(({ tsImport }) => tsImport(${JSON.stringify(ENTRY.href)}, ${JSON.stringify(SELF)}))`,
    // A worker that cannot load must fail loudly: the parser then parses in the event loop.
    '.catch((error) => { setImmediate(() => { throw error; }); });',
  ].join('');
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The file URL of tsx's ESM API (`tsx/esm/api`), from its package's own exports map. */
function tsxEsmApi(): string {
  const require = createRequire(SELF);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = manifest.exports['./esm/api'];
  const path = typeof entry === 'object' ? entry.import?.default : undefined;
  if (path === undefined) throw new Error('tsx does not export ./esm/api as expected');
  return pathToFileURL(join(dirname(manifestPath), path)).href;
}
