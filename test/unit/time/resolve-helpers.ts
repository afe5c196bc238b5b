import { expect } from 'vitest';
import type { TimeWindow } from '../../../src/time/window.js';
import { resolveWindow } from '../../../src/time/window-resolve.js';
import { parseWindowSpec } from '../../../src/time/window-spec.js';

/** An instant written with its offset, e.g. `2026-10-25T00:00+02:00`, as Unix ms. */
export const at = (iso: string): number => {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) throw new Error(`bad instant in test: ${iso}`);
  return ms;
};

export const HOUR = 3_600_000;

/** Parses and resolves a WINDOW word; fails the test when either step fails. */
export function resolveWord(word: string, now: string, timeZone: string): TimeWindow {
  const parsed = parseWindowSpec(word);
  if (!parsed.ok) throw new Error(`test word did not parse: ${parsed.reason}`);
  const resolved = resolveWindow(parsed.spec, { now: at(now), timeZone });
  if (!resolved.ok) throw new Error(`test word did not resolve: ${resolved.reason}`);
  return resolved.window;
}

/** The reason a word fails to resolve; fails the test when it resolves. */
export function resolveFailure(word: string, now: string, timeZone: string): string {
  const parsed = parseWindowSpec(word);
  if (!parsed.ok) throw new Error(`test word did not parse: ${parsed.reason}`);
  const resolved = resolveWindow(parsed.spec, { now: at(now), timeZone });
  expect(resolved.ok).toBe(false);
  return resolved.ok ? '' : resolved.reason;
}
