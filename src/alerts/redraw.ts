import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import { withMarks } from './acks-and-mutes.js';
import type { AlertSlack } from './deliver.js';
import { type AlertCharts, rootMessage, sendRoot } from './root-message.js';
import type { Serial } from './serial.js';
import type { AlertStore } from './store.js';
import { EMPTY_RULE_STATE } from './types.js';

export interface RedrawDeps {
  readonly store: AlertStore;
  readonly slack: AlertSlack;
  readonly serial: Serial;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly executionUrlTemplate: string;
  readonly timezone: string;
  /** The root's chart is drawn again with the edit (the same picture reuses its upload). */
  readonly alertCharts?: AlertCharts;
}

/** Edits an incident's root to show who acknowledged or muted it; false when it has no root. */
export async function redrawRoot(
  deps: RedrawDeps,
  rule: string,
  incidentId: string,
): Promise<boolean> {
  const now = deps.clock.now();
  const root = await deps.store.loadIncidentMessage(rule, incidentId);
  if (root === null) return false;
  const state = (await deps.store.loadRuleState(rule)) ?? EMPTY_RULE_STATE;
  const view = withMarks(root.view, state, now);
  const charted = await rootMessage(
    view,
    { executionUrlTemplate: deps.executionUrlTemplate, timeZone: deps.timezone, now },
    deps,
  );
  await sendRoot(view, charted, (m) => deps.slack.update(root.channel, root.ts, m), deps);
  await deps.store.saveIncidentMessage({ ...root, view });
  return true;
}
