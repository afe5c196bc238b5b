import type { webApi } from '@slack/bolt';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logging/logger.js';
import {
  buildRuleModal,
  NEW_RULE_VALUES,
  type RuleFormValues,
  type RuleModalMetadata,
} from '../../messages/rule-modal.js';
import type { StatsSource } from '../../stats/types.js';
import { HOUR_MS } from './preview-history.js';
import type { RuleChangeDeps } from './rule-changes.js';
import { specToForm } from './rule-form.js';
import type { RuleSet } from './rule-set.js';

/** What the rule modal's handlers need (rule-modal-handlers.ts, rule-preview-handler.ts). */
export interface RuleModalDeps extends RuleChangeDeps {
  readonly client: webApi.WebClient;
  readonly stats: StatsSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ruleSet: RuleSet;
}

/** A modal must be opened within 3 s of the click: the source list waits at most this long. */
const SOURCES_WAIT_MS = 1_500;
/** The source list comes from the last 7 days' counts; a 10-minute-old answer is good enough. */
const SOURCES_MAX_AGE_MS = 600_000;

/**
 * The source systems the API reported in the last 7 days, most executions first; empty when it
 * could not say in time (the modal then takes names as text).
 */
export async function knownSources(deps: Pick<RuleModalDeps, 'stats' | 'clock' | 'logger'>) {
  const to = Math.floor(deps.clock.now() / HOUR_MS) * HOUR_MS;
  const query = { from: to - 7 * 24 * HOUR_MS, to, granularity: 'daily' as const };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), SOURCES_WAIT_MS);
  });
  try {
    const stats = await Promise.race([
      deps.stats.getStats(query, { maxAgeMs: SOURCES_MAX_AGE_MS }),
      timeout,
    ]);
    if (stats === null) return [];
    return [...stats.sourceSystems].sort((a, b) => b.total - a.total).map((s) => s.sourceSystem);
  } catch (error) {
    deps.logger.warn('source systems unknown for the rule modal', { error });
    return [];
  } finally {
    clearTimeout(timer);
  }
}

/** Opens the modal: a new rule, or the Slack-made rule `editing` (null when it is not one). */
export async function openRuleModal(
  deps: RuleModalDeps,
  triggerId: string,
  target: { readonly editing: string | null; readonly channel: string | null },
): Promise<'opened' | 'not-found'> {
  let values: RuleFormValues = NEW_RULE_VALUES;
  if (target.editing !== null) {
    const entry = (await deps.ruleSet.entries()).find(
      (e) => e.origin === 'slack' && e.rule.name === target.editing,
    );
    if (entry?.stored == null) return 'not-found';
    values = specToForm(entry.stored.spec);
  }
  const metadata: RuleModalMetadata = {
    mode: target.editing === null ? 'create' : 'edit',
    name: target.editing,
    channel: target.channel,
  };
  const sources = await knownSources(deps);
  await deps.client.views.open({
    trigger_id: triggerId,
    view: buildRuleModal({ metadata, values, knownSources: sources, preview: null }),
  });
  return 'opened';
}
