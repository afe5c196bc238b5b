import { parseEnv } from 'node:util';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a `.env` file with Node's own parser (`util.parseEnv`, Node 20.12+), so no dependency is
 * needed. Node 20's parser glues a line without `=` onto the next key ("junk\nKEY"); the last line
 * of such a key is the real name, so it is kept and the junk dropped.
 */
export function readDotEnv(text: string): Record<string, string> {
  const parsed = parseEnv(text.replace(/^\uFEFF/, ''));
  const out: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(parsed)) {
    const key = (rawKey.split('\n').at(-1) ?? '').trim();
    if (value !== undefined && ENV_NAME.test(key)) out[key] = value;
  }
  return out;
}

/** The real environment wins over `.env`: a variable set in the shell or by the platform is kept. */
export function mergeDotEnv(
  env: Readonly<Record<string, string | undefined>>,
  dotEnv: Readonly<Record<string, string>>,
): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...dotEnv };
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}
