import { fileURLToPath } from 'node:url';

/**
 * The bundled font's file. This module sits at src/charts/ (run by tsx) and at dist/charts/ (the
 * build), both two levels below the project, where assets/ is: the same relative URL finds it.
 */
export const FONT_FILES: readonly string[] = [
  fileURLToPath(new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url)),
  fileURLToPath(new URL('../../assets/fonts/DejaVuSans-Bold.ttf', import.meta.url)),
];
