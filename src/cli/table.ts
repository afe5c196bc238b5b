/**
 * A plain-text table for the terminal: the first column left-aligned (names), the others
 * right-aligned (numbers and durations), each as wide as its widest cell, so no value ever runs
 * into its neighbour. A header may span lines (`"fired\nagain"`), which keeps wide tables narrow.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const headerLines = headers.map((header) => header.split('\n'));
  const depth = Math.max(...headerLines.map((lines) => lines.length));
  // Multi-line headers sit on the bottom line, next to the values they name.
  const headerRows = Array.from({ length: depth }, (_, i) =>
    headerLines.map((lines) => lines[i - (depth - lines.length)] ?? ''),
  );
  const widths = headers.map((_, column) =>
    Math.max(...[...headerRows, ...rows].map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    widths
      .map((width, column) => {
        const cell = cells[column] ?? '';
        return column === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return `${[...headerRows, ...rows].map(line).join('\n')}\n`;
}
