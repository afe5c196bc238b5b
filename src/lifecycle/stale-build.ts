import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

/**
 * `npm start` runs the compiled dist/, built by `npm install` (the `prepare` script). In a
 * developer's clone, sources edited or pulled after that build would silently not run: this names
 * the first source file newer than the build, so the start log says so. Nothing is checked when the
 * entry is not in a `dist/` next to a `src/` (the TypeScript loader, or an image that ships dist/
 * alone), and a check that cannot read the tree stays quiet: it is advice, never a reason to fail.
 */
export function staleBuildWarning(entryFile: string): string | null {
  try {
    const distDir = dirname(entryFile);
    if (basename(distDir) !== 'dist') return null;
    const root = dirname(distDir);
    const srcDir = join(root, 'src');
    if (!existsSync(srcDir)) return null;
    const builtAt = statSync(entryFile).mtimeMs;
    for (const name of readdirSync(srcDir, { recursive: true, encoding: 'utf8' })) {
      if (!name.endsWith('.ts')) continue;
      const file = join(srcDir, name);
      if (statSync(file).mtimeMs > builtAt) {
        return `dist/ is older than ${relative(root, file)}: this runs the last build, not the sources; run \`npm run build\` (or \`npm run dev\` to run the sources)`;
      }
    }
    return null;
  } catch {
    return null;
  }
}
