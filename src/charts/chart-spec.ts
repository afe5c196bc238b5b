/**
 * A Vega-Lite spec as plain JSON. The spec builders return this rather than vega-lite's own
 * TopLevelSpec type: that type is a deep union whose readonly and literal requirements cost more
 * casts than they catch; vega-lite validates the spec when it compiles it (chart-engine.ts), and
 * the tests render every kind of chart.
 */
export type ChartSpec = { readonly [key: string]: unknown };
