import type { Granularity } from '../stats/types.js';

/**
 * A resolved time window: absolute instants plus what a reader needs to recognise it.
 * Built by `resolveWindow` (see window-resolve.ts) from a `WindowSpec` and a zone and clock.
 */
export interface TimeWindow {
  /** Inclusive start, Unix ms. */
  readonly from: number;
  /** Exclusive end, Unix ms (already cut at "now" when the window reached into the future). */
  readonly to: number;
  /** The window in words for a header: "last 24 hours", "yesterday", "1–7 Nov 2026". */
  readonly label: string;
  /** What the user can type again to get this window: "24h", "yesterday", "2026-11-01..2026-11-07". */
  readonly spec: string;
  /** IANA zone the window was computed in and is displayed in. */
  readonly timeZone: string;
  /** True when the requested end lay in the future and was cut at now. */
  readonly cutAtNow: boolean;
}

/** A WINDOW word parsed without a zone or clock: syntax and calendar validity only. */
export type WindowSpec =
  | { readonly kind: 'relative'; readonly amount: number; readonly unit: 'm' | 'h' | 'd' }
  | {
      readonly kind: 'calendar';
      readonly name:
        | 'today'
        | 'yesterday'
        | 'this-week'
        | 'last-week'
        | 'this-month'
        | 'last-month';
    }
  | { readonly kind: 'dates'; readonly start: CivilDate; readonly end: CivilDate }
  | { readonly kind: 'datetimes'; readonly start: CivilDateTime; readonly end: CivilDateTime };

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
}

export interface CivilDateTime extends CivilDate {
  readonly hour: number; // 0-23
  readonly minute: number; // 0-59
}

/** Longest window a user may ask for. */
export const MAX_WINDOW_DAYS = 90;

/** Windows up to this long default to hourly buckets, longer ones to daily. */
export const HOURLY_MAX_HOURS = 72;

export type { Granularity };
