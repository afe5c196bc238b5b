import { access } from 'node:fs/promises';
import { FONT_FILES } from './chart-font.js';
import type { ChartSpec } from './chart-spec.js';
import { FONT_FAMILY, LAYOUT_WIDTH, PIXEL_SCALE } from './chart-style.js';

/**
 * Spec to PNG: vega-lite compiles the spec to Vega, a headless Vega view (renderer 'none', so no
 * canvas is needed) writes SVG, and resvg rasterises it with the bundled font only, so the picture
 * is the same on every machine. The three libraries are loaded with import() on the first chart:
 * the bot's start-up and its text-only replies do not pay for them (about 60 ms and 20 MB).
 */

export interface Engine {
  /** The spec drawn as SVG text. */
  svg(spec: ChartSpec): Promise<string>;
  /** SVG text to PNG bytes, `LAYOUT_WIDTH * PIXEL_SCALE` wide. */
  png(svg: string): { readonly png: Uint8Array; readonly width: number; readonly height: number };
}

let loading: Promise<Engine> | null = null;

/** The engine, loading its libraries on the first call (later calls share the same promise). */
export function loadEngine(): Promise<Engine> {
  loading ??= createEngine().catch((error: unknown) => {
    loading = null; // a failed load (a missing binary) is tried again next time
    throw error;
  });
  return loading;
}

async function createEngine(): Promise<Engine> {
  const [vegaLite, vega, resvg] = await Promise.all([
    import('vega-lite'),
    import('vega'),
    import('@resvg/resvg-js'),
    // A missing font (assets/ not shipped) fails here, naming the file, not as a chart without text.
    Promise.all(FONT_FILES.map((file) => access(file))),
  ]);
  const quiet = vega.logger(vega.None);
  return {
    async svg(spec) {
      // vega-lite's types are a deep union; the spec builders' output is checked here, at compile.
      const compiled = vegaLite.compile(spec as never, { logger: quiet }).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.None });
      try {
        return await view.toSVG();
      } finally {
        view.finalize();
      }
    },
    png(svg) {
      const image = new resvg.Resvg(svg, {
        fitTo: { mode: 'width', value: LAYOUT_WIDTH * PIXEL_SCALE },
        background: '#FFFFFF',
        font: {
          loadSystemFonts: false,
          // resvg's Node binding takes files only (buffers are its WebAssembly build's).
          fontFiles: [...FONT_FILES],
          defaultFontFamily: FONT_FAMILY,
          sansSerifFamily: FONT_FAMILY,
        },
      }).render();
      return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
    },
  };
}
