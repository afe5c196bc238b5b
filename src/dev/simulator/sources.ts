/**
 * The simulated organisation: its source systems, how busy each one is, how it fails and how
 * long its workflows take. Plain data, read by the traffic model (model.ts).
 *
 * Some failure reasons deliberately contain `<`, `>`, `&` or run long, as real provider strings
 * do, so that the demo and the end-to-end tests exercise escaping and truncation.
 */

export interface FailureReason {
  readonly text: string;
  readonly weight: number;
  /** A timeout fails after a fixed wait, whatever the workflow's usual duration. */
  readonly timeoutMs?: number;
  /** Rejected up front (validation, auth): fails at a small fraction of the usual duration. */
  readonly early?: boolean;
}

export interface SourceProfile {
  readonly name: string;
  /** Mean executions per minute at the daily peak on a weekday. */
  readonly peakPerMinute: number;
  /** UTC hour (0–24, fractional allowed) of the daily peak. */
  readonly peakHourUtc: number;
  /** Volume at the daily trough, as a share of the peak. */
  readonly troughShare: number;
  /** Volume on Saturdays and Sundays (UTC), as a share of a weekday's. */
  readonly weekendShare: number;
  readonly failureRate: number;
  readonly cancelRate: number;
  /** Start to terminal status; for sources that take payment it includes the customer's step. */
  readonly medianDurationMs: number;
  /** Spread of the log-normal duration (sigma of ln duration). */
  readonly durationSpread: number;
  readonly maxDurationMs: number;
  /** Executions start in `awaiting_payment` before they run. */
  readonly takesPayment: boolean;
  readonly workflows: readonly string[];
  readonly reasons: readonly FailureReason[];
}

const upstream503 = (service: string, weight: number): FailureReason => ({
  text: `Upstream 503 Service Unavailable from ${service}`,
  weight,
});

export const SOURCES: readonly SourceProfile[] = [
  {
    name: 'checkout',
    peakPerMinute: 4.5,
    peakHourUtc: 15,
    troughShare: 0.2,
    weekendShare: 0.85,
    failureRate: 0.015,
    cancelRate: 0.006,
    medianDurationMs: 25_000,
    durationSpread: 0.6,
    maxDurationMs: 240_000,
    takesPayment: true,
    workflows: ['checkout-place-order', 'checkout-reserve-stock', 'checkout-confirm-payment'],
    reasons: [
      { text: 'Payment declined by issuer (insufficient_funds)', weight: 5 },
      { text: '3-D Secure challenge timed out after 300s', weight: 2, timeoutMs: 300_000 },
      upstream503('inventory-service', 2),
      {
        text: 'Validation failed: shipping address postal code is invalid',
        weight: 2,
        early: true,
      },
    ],
  },
  {
    name: 'billing',
    peakPerMinute: 4,
    peakHourUtc: 10,
    troughShare: 0.3,
    weekendShare: 0.4,
    failureRate: 0.02,
    cancelRate: 0.004,
    medianDurationMs: 12_000,
    durationSpread: 0.6,
    maxDurationMs: 180_000,
    takesPayment: false,
    workflows: ['billing-generate-invoice', 'billing-charge-subscription', 'billing-apply-credit'],
    reasons: [
      { text: 'Payment declined: card expired', weight: 3 },
      { text: 'Timeout after 60s waiting for ledger-service', weight: 3, timeoutMs: 60_000 },
      { text: 'Upstream 502 from tax-service: <html><body>Bad Gateway</body></html>', weight: 2 },
      {
        text: 'Validation failed: invoice total < 0 & no credit note attached',
        weight: 1,
        early: true,
      },
    ],
  },
  {
    name: 'payments-eu',
    peakPerMinute: 1.8,
    peakHourUtc: 13,
    troughShare: 0.2,
    weekendShare: 0.6,
    failureRate: 0.03,
    cancelRate: 0.005,
    medianDurationMs: 40_000,
    durationSpread: 0.6,
    maxDurationMs: 300_000,
    takesPayment: true,
    workflows: ['payments-eu-sepa-debit', 'payments-eu-card-capture', 'payments-eu-refund'],
    reasons: [
      { text: 'Payment declined by issuer (do_not_honor)', weight: 5 },
      { text: 'SCA challenge abandoned by customer', weight: 2 },
      { text: 'PSP timeout after 30s', weight: 2, timeoutMs: 30_000 },
      upstream503('fx-rates', 1),
    ],
  },
  {
    name: 'inventory',
    peakPerMinute: 2.5,
    peakHourUtc: 12,
    troughShare: 0.4,
    weekendShare: 0.7,
    failureRate: 0.01,
    cancelRate: 0.005,
    medianDurationMs: 2_500,
    durationSpread: 0.4,
    maxDurationMs: 30_000,
    takesPayment: false,
    workflows: ['inventory-reserve', 'inventory-release', 'inventory-recount'],
    reasons: [
      { text: 'Deadlock detected while reserving stock; transaction rolled back', weight: 3 },
      upstream503('warehouse-api', 3),
      { text: 'Validation failed: SKU not found', weight: 2, early: true },
      { text: 'Timeout after 30s waiting for warehouse-api', weight: 2, timeoutMs: 30_000 },
    ],
  },
  {
    name: 'shipping',
    peakPerMinute: 1.2,
    peakHourUtc: 16,
    troughShare: 0.15,
    weekendShare: 0.3,
    failureRate: 0.025,
    cancelRate: 0.005,
    medianDurationMs: 20_000,
    durationSpread: 0.5,
    maxDurationMs: 180_000,
    takesPayment: false,
    workflows: ['shipping-create-label', 'shipping-book-pickup', 'shipping-track-update'],
    reasons: [
      { text: 'Carrier API rate limit exceeded (429 Too Many Requests)', weight: 3 },
      { text: 'Address could not be geocoded', weight: 2, early: true },
      upstream503('carrier-gateway', 2),
      { text: 'Timeout after 120s waiting for label service', weight: 1, timeoutMs: 120_000 },
    ],
  },
  {
    name: 'crm-sync',
    peakPerMinute: 1,
    peakHourUtc: 9,
    troughShare: 0.5,
    weekendShare: 0.9,
    failureRate: 0.035,
    cancelRate: 0.005,
    medianDurationMs: 45_000,
    durationSpread: 0.8,
    maxDurationMs: 240_000,
    takesPayment: false,
    workflows: ['crm-sync-contacts', 'crm-sync-deals'],
    reasons: [
      { text: 'CRM API returned 401 Unauthorized: token expired', weight: 2, early: true },
      { text: 'Rate limited by CRM API (429 Too Many Requests)', weight: 3 },
      { text: 'Validation failed: contact email is malformed', weight: 2, early: true },
      { text: 'Timeout after 180s waiting for CRM bulk job', weight: 1, timeoutMs: 180_000 },
    ],
  },
  {
    name: 'reporting',
    peakPerMinute: 0.3,
    peakHourUtc: 2,
    troughShare: 0.1,
    weekendShare: 0.5,
    failureRate: 0.02,
    cancelRate: 0.01,
    medianDurationMs: 150_000,
    durationSpread: 0.5,
    maxDurationMs: 900_000,
    takesPayment: false,
    workflows: ['reporting-daily-revenue', 'reporting-cohorts'],
    reasons: [
      { text: 'Query exceeded 600s statement timeout', weight: 3, timeoutMs: 600_000 },
      { text: 'Out of memory while rendering report (exit code 137)', weight: 2 },
      upstream503('warehouse-db', 1),
      {
        text:
          'Report "Revenue by region and channel, including refunds, chargebacks and adjustments for ' +
          'the current fiscal quarter" failed: the export to the shared drive was rejected because ' +
          'the destination folder exceeded its storage quota; free space or choose another ' +
          'destination and run the report again',
        weight: 1,
      },
    ],
  },
  {
    name: 'ledger-export',
    peakPerMinute: 0.03,
    peakHourUtc: 6,
    troughShare: 0.3,
    weekendShare: 0.2,
    failureRate: 0.03,
    cancelRate: 0.005,
    medianDurationMs: 30_000,
    durationSpread: 0.4,
    maxDurationMs: 120_000,
    takesPayment: false,
    workflows: ['ledger-export-daily-file'],
    reasons: [
      { text: 'SFTP connection refused by bank host', weight: 2 },
      { text: 'File rejected by bank: checksum mismatch', weight: 1 },
    ],
  },
];

export function sourceIndex(name: string): number {
  const index = SOURCES.findIndex((s) => s.name === name);
  if (index < 0) throw new Error(`Unknown simulated source system: ${name}`);
  return index;
}
