import type { AlertFailure, IncidentView } from '../../../src/messages/alert-view.js';
import { T0 } from './trace.js';

export function alertFailure(i: number, overrides: Partial<AlertFailure> = {}): AlertFailure {
  return {
    executionId: `exec-${i}`,
    runId: `run-${i}`,
    workflowId: 'nightly-invoice',
    sourceSystem: 'billing',
    statusReason: i % 3 === 0 ? 'schema mismatch' : 'payment provider timed out',
    at: T0 - i * 1000,
    ...overrides,
  };
}

/** A firing incident of one source system: 12 of 40 failed, 12 failures listed. */
export function incidentView(overrides: Partial<IncidentView> = {}): IncidentView {
  const failures = Array.from({ length: 12 }, (_, i) => alertFailure(i + 1));
  return {
    rule: 'failure-spike',
    scope: 'per-source',
    sources: null,
    incidentId: 'abc123',
    openedAt: T0 - 25 * 60_000,
    windowMs: 15 * 60_000,
    thresholds: {
      minFailures: 5,
      failureRate: 0.2,
      recoverRate: 0.1,
      baselineFactor: 3,
      baselineWindowMs: 24 * 3_600_000,
    },
    subjects: [
      {
        subject: 'billing',
        failed: 12,
        terminal: 40,
        rate: 0.3,
        baselineRate: 0.02,
        pValue: 1e-9,
        breaching: true,
        firing: true,
        history: [0.02, 0.03, 0.25, 0.3],
      },
    ],
    reasons: [
      { reason: 'payment provider timed out', count: 8 },
      { reason: 'schema mismatch', count: 4 },
    ],
    failures,
    status: 'firing',
    resolvedAt: null,
    acknowledgedBy: null,
    mute: null,
    evaluatedAt: T0,
    ...overrides,
  };
}
