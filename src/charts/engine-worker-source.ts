/**
 * The code of the drawing thread (engine-worker.ts runs it with `eval`), as plain JavaScript: it
 * needs nothing of this project but the libraries, whose file URLs and resvg's options it is
 * given in workerData, so it runs the same from the sources (tsx, vitest) and from dist/ without
 * a TypeScript loader in the worker.
 *
 * Spec to PNG: vega-lite compiles the spec to Vega, a headless Vega view (renderer 'none', so no
 * canvas) writes SVG, and resvg rasterises it with the bundled font only. Requests are answered
 * one at a time, in order: { id, kind: 'svg' | 'png', spec } -> { id, svg } or { id, png, width,
 * height } (the PNG's buffer transferred) or { id, error }.
 */
export const ENGINE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const libraries = Promise.all(workerData.libraries.map((url) => import(url)));
let last = Promise.resolve();

async function svgOf(spec) {
  const [vegaLite, vega] = await libraries;
  const compiled = vegaLite.compile(spec, { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.None });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

async function answer({ id, kind, spec }) {
  try {
    const svg = await svgOf(spec);
    if (kind === 'svg') return parentPort.postMessage({ id, svg });
    const resvgModule = (await libraries)[2];
    const { Resvg } = resvgModule.Resvg ? resvgModule : resvgModule.default;
    const image = new Resvg(svg, workerData.resvgOptions).render();
    const png = new Uint8Array(image.asPng());
    parentPort.postMessage({ id, png, width: image.width, height: image.height }, [png.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.stack) || error) });
  }
  // resvg frees a picture's pixels in a finalizer that runs on a later turn of this loop.
  await new Promise((done) => setImmediate(done));
}

parentPort.on('message', (request) => {
  last = last.then(() => answer(request));
});
`;
