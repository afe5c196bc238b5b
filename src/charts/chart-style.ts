/**
 * How every chart looks: size, font, colours. About 2:1 and drawn at twice its layout size, so
 * that on a phone (where Slack shows an image about 360 px wide) the text is still about as large
 * as the message's own. Colours are from the Okabe-Ito palette, which stays distinct under the
 * common colour-vision deficiencies; no meaning rests on colour alone (partial bars are also
 * dashed, the threshold and baseline are labelled, the firing period is named).
 */

/** Layout size in Vega's units (the whole picture: title, axes and legend included). */
export const LAYOUT_WIDTH = 600;
export const LAYOUT_HEIGHT = 300;
/** Pixels per layout unit in the PNG: 1200 x 600. */
export const PIXEL_SCALE = 2;

/** The bundled font's family name (assets/fonts/DejaVuSans.ttf); the only font the renderer loads. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Okabe-Ito. */
export const COLOURS = {
  total: '#56B4E9', // sky blue
  failed: '#D55E00', // vermillion
  rate: '#000000',
  alertRate: '#0072B2', // blue
  threshold: '#D55E00',
  baseline: '#009E73', // bluish green
  firing: '#E69F00', // orange
  partialStroke: '#333333',
  text: '#222222',
  grid: '#DDDDDD',
} as const;

/** Opacity of a partial bucket's bars (whole ones are opaque). */
export const PARTIAL_OPACITY = 0.4;

/** At most this many ticks on the time axis (large labels need room). */
export const MAX_TIME_TICKS = 7;

/** Shared Vega-Lite config: the font, large text, no animations (Vega has none without a view in a page). */
export const BASE_CONFIG = {
  font: FONT_FAMILY,
  background: '#FFFFFF',
  view: { stroke: null },
  title: { fontSize: 20, subtitleFontSize: 14, anchor: 'start', color: COLOURS.text, offset: 8 },
  axis: {
    labelFontSize: 14,
    titleFontSize: 14,
    titleFontWeight: 'normal',
    labelColor: COLOURS.text,
    titleColor: COLOURS.text,
    gridColor: COLOURS.grid,
  },
  legend: {
    labelFontSize: 14,
    symbolSize: 200,
    orient: 'top',
    direction: 'horizontal',
    title: null,
  },
} as const;
