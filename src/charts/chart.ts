/**
 * What a chart shows, as data: the pure core builds these from stats and alert state, a renderer
 * turns them into PNG bytes, and the Slack shell uploads the bytes. Nothing here does I/O, so the
 * messages can decide whether a chart belongs in them without knowing how it is drawn.
 */

/** One bucket of a stats chart: failed and total executions, and whether the window cuts it. */
export interface ChartBucket {
  /** Start of the bucket, epoch ms. */
  readonly startMs: number;
  /** End of the bucket, epoch ms (start + its granularity). */
  readonly endMs: number;
  readonly failed: number;
  readonly total: number;
  /**
   * The share of the bucket that lies in the window, 0 to 1. Below 1 it is partial: drawn as
   * such, so an edge does not read as a dip.
   */
  readonly share: number;
}

/** `/exec-stats`, digests and the Home tab: failed and total per bucket, and the failure rate. */
export interface StatsChart {
  readonly kind: 'stats';
  readonly title: string;
  /** IANA zone the axis is labelled in (the reader's or the digest's). */
  readonly timeZone: string;
  readonly buckets: readonly ChartBucket[];
}

/** One evaluation of an alert rule: its failure rate at that time. */
export interface RatePoint {
  readonly atMs: number;
  /** Failure rate, 0 to 1. */
  readonly rate: number;
}

/** An alert: the rule's rate against its threshold and baseline, the firing period shaded. */
export interface AlertChart {
  readonly kind: 'alert';
  readonly title: string;
  readonly timeZone: string;
  readonly points: readonly RatePoint[];
  /** The rate at which the rule fires, 0 to 1. */
  readonly threshold: number;
  /** The rate the rule compares with (its baseline), when it has one. */
  readonly baseline?: number;
  /** When the incident began firing, epoch ms. */
  readonly firingSinceMs?: number;
  /** When it resolved, epoch ms; absent while it fires. */
  readonly firingUntilMs?: number;
}

export type Chart = StatsChart | AlertChart;

/** A rendered chart. */
export interface RenderedChart {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** A hash of what was drawn: equal data, equal key (renders are cached by it, uploads reuse it). */
  readonly key: string;
  /** Says in words what the picture shows (the image block's alt_text). */
  readonly altText: string;
}

/** Draws charts. Pure in effect: same chart, same bytes; no network. */
export interface ChartRenderer {
  /** Rejects when the signal aborts (a render that takes too long is given up for the text). */
  render(chart: Chart, options?: { readonly signal?: AbortSignal }): Promise<RenderedChart>;
}
