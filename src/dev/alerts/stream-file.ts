import { type CountStream, MINUTE_MS } from './stream-replay.js';

/**
 * The history file of `replay --stream FILE`: one JSON object per line,
 * `{"at": "2026-11-02T07:00:00Z", "source": "billing", "succeeded": 12, "failed": 3, "cancelled": 0}`,
 * the executions of one source system that finished in the minute starting at `at` (ISO 8601 or
 * epoch ms), with optional `"reasons": {"Timeout": 2}`. Minutes without a line count as zero;
 * several lines for the same source and minute add up. Blank lines are skipped.
 */

/** At most this many minutes (a year), so a typo in one timestamp cannot ask for terabytes. */
export const MAX_STREAM_MINUTES = 366 * 24 * 60;

export type ParsedStream =
  | { readonly ok: true; readonly stream: CountStream }
  | { readonly ok: false; readonly problem: string };

interface Line {
  readonly minute: number;
  readonly source: string;
  readonly failed: number;
  readonly terminal: number;
  readonly reasons: readonly (readonly [string, number])[];
}

export function parseStreamFile(text: string): ParsedStream {
  const lines: Line[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const raw = (rows[i] ?? '').trim();
    if (raw === '') continue;
    const parsed = parseLine(raw);
    if (typeof parsed === 'string') return { ok: false, problem: `line ${i + 1}: ${parsed}` };
    lines.push(parsed);
  }
  if (lines.length === 0) return { ok: false, problem: 'the file has no lines' };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const l of lines) {
    first = Math.min(first, l.minute);
    last = Math.max(last, l.minute);
  }
  const minutes = last - first + 1;
  if (minutes > MAX_STREAM_MINUTES) {
    return {
      ok: false,
      problem: `the lines span ${Math.ceil(minutes / 1440)} days; at most 366 are replayed`,
    };
  }
  const sources = [...new Set(lines.map((l) => l.source))].sort();
  const index = new Map(sources.map((s, i) => [s, i]));
  const failed = sources.map(() => new Int32Array(minutes));
  const terminal = sources.map(() => new Int32Array(minutes));
  const reasons = new Map<string, { minute: number; reason: string; count: number }[]>();
  for (const l of lines) {
    const s = index.get(l.source) as number;
    const m = l.minute - first;
    (failed[s] as Int32Array)[m] = ((failed[s] as Int32Array)[m] as number) + l.failed;
    (terminal[s] as Int32Array)[m] = ((terminal[s] as Int32Array)[m] as number) + l.terminal;
    for (const [reason, count] of l.reasons) {
      const list = reasons.get(l.source) ?? [];
      list.push({ minute: m, reason, count });
      reasons.set(l.source, list);
    }
  }
  return {
    ok: true,
    stream: { start: first * MINUTE_MS, minutes, sources, failed, terminal, reasons },
  };
}

function parseLine(raw: string): Line | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'not a JSON object';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a JSON object';
  }
  const o = value as Record<string, unknown>;
  const at = instant(o.at);
  if (at === null) return '"at" must be an ISO 8601 date-time or epoch milliseconds';
  if (typeof o.source !== 'string' || o.source.trim() === '') {
    return '"source" must be a non-empty string';
  }
  const counts: number[] = [];
  for (const key of ['succeeded', 'failed', 'cancelled'] as const) {
    const v = o[key] ?? 0;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      return `"${key}" must be a whole number >= 0`;
    }
    counts.push(v);
  }
  const [succeeded, failed, cancelled] = counts as [number, number, number];
  const reasons: [string, number][] = [];
  if (o.reasons !== undefined) {
    if (typeof o.reasons !== 'object' || o.reasons === null || Array.isArray(o.reasons)) {
      return '"reasons" must be an object of reason: count';
    }
    for (const [reason, count] of Object.entries(o.reasons as Record<string, unknown>)) {
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        return `"reasons"."${reason}" must be a whole number >= 0`;
      }
      reasons.push([reason, count]);
    }
  }
  return {
    minute: Math.floor(at / MINUTE_MS),
    source: o.source.trim(),
    failed,
    terminal: succeeded + failed + cancelled,
    reasons,
  };
}

function instant(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}
