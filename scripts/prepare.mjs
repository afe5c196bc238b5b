// npm runs `prepare` after a plain `npm install` and after `npm ci`: this compiles src/ to dist/,
// so that `npm install` stays the only install step and `npm start` runs plain JavaScript.
//
// Two cases must not break the install:
// - TypeScript is a devDependency, absent after `npm ci --omit=dev`. With a dist/ already there
//   (built in an earlier stage of an image) that is fine; without one, say how to build and fail,
//   so a container build stops here rather than at `npm start`.
// - A type error: tsc still writes dist/ (exit 2, "outputs generated"). The install is not the
//   type gate, `npm test` is; a warning here keeps `npm install` from failing on work in progress.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let tsc = null;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  // not installed: handled below
}

if (tsc === null) {
  if (existsSync('dist/main.js')) {
    console.log('prepare: TypeScript is not installed (--omit=dev?); keeping the existing dist/');
    process.exit(0);
  }
  console.error(
    'prepare: cannot build dist/: TypeScript is not installed (a devDependency; --omit=dev?).\n' +
      'Install with dev dependencies (`npm ci`), which builds dist/, then `npm prune --omit=dev`.',
  );
  process.exit(1);
}

const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
if (build.status === 2 && existsSync('dist/main.js')) {
  console.warn('prepare: dist/ was built, but with the type errors above; `npm run typecheck`');
  process.exit(0);
}
process.exit(build.status ?? 1);
