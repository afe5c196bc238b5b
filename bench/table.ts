/**
 * Printing results: one table per measurement, and a verdict (PASS / MISS) per target that the
 * orchestrator sums up at the end. A MISS is a finding, not a failure of the harness.
 */

export type Cell = string | number;

export interface Verdict {
  readonly measurement: string;
  readonly target: string;
  readonly pass: boolean;
}

export function verdictCell(pass: boolean): string {
  return pass ? 'PASS' : 'MISS';
}

/** Numbers with a sensible precision: 1234 -> "1234", 12.345 -> "12.3", 1.2345 -> "1.23". */
export function num(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (digits !== undefined) return value.toFixed(digits);
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}

export function mib(bytes: number): string {
  return `${num(bytes / (1024 * 1024), 1)} MiB`;
}

export function printTable(
  title: string,
  headers: readonly string[],
  rows: readonly Cell[][],
): void {
  const text = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...text.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ');
  console.log(`\n## ${title}\n`);
  console.log(line(headers));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of text) console.log(line(row));
}

export function printNote(text: string): void {
  console.log(text);
}
