import { PNG } from 'pngjs';

/**
 * PNG bytes decoded for tests that look at what a chart shows: its size, and which pixels have a
 * given colour, counted per column or in a region.
 */

export interface Picture {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row. */
  readonly data: Uint8Array;
}

export function decodePng(bytes: Uint8Array): Picture {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

export type Rgb = readonly [number, number, number];

export function hexColour(hex: string): Rgb {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function pixel(picture: Picture, x: number, y: number): Rgb {
  const i = (y * picture.width + x) * 4;
  return [picture.data[i] ?? 0, picture.data[i + 1] ?? 0, picture.data[i + 2] ?? 0];
}

/** Within `tolerance` on each channel (anti-aliased edges are excluded by keeping it small). */
export function isColour(actual: Rgb, expected: Rgb, tolerance = 6): boolean {
  return actual.every((v, i) => Math.abs(v - (expected[i] ?? 0)) <= tolerance);
}

export interface Region {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** Pixels of `colour` in the region (x0..x1, y0..y1 exclusive ends). */
export function countColour(picture: Picture, colour: Rgb, region: Region): number {
  let count = 0;
  for (let y = region.y0; y < region.y1; y++) {
    for (let x = region.x0; x < region.x1; x++) if (isColour(pixel(picture, x, y), colour)) count++;
  }
  return count;
}

/** Pixels of `colour` in each column, between rows y0 and y1. */
export function columnCounts(picture: Picture, colour: Rgb, y0: number, y1: number): number[] {
  return Array.from({ length: picture.width }, (_, x) =>
    countColour(picture, colour, { x0: x, x1: x + 1, y0, y1 }),
  );
}

/** The first and last column holding any pixel of `colour` between rows y0 and y1. */
export function colourExtent(
  picture: Picture,
  colour: Rgb,
  y0: number,
  y1: number,
): { readonly left: number; readonly right: number } {
  const counts = columnCounts(picture, colour, y0, y1);
  const left = counts.findIndex((c) => c > 0);
  const right = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  return { left, right };
}
