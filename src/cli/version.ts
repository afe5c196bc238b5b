import { readFileSync } from 'node:fs';

/**
 * The version in package.json, read at run time: package.json is the one place it is set, and it
 * sits two levels above this file both in src/cli/ and in the compiled dist/cli/. (A JSON import
 * would put package.json outside the build's rootDir.)
 */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const { version } = JSON.parse(text) as { version?: unknown };
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}
