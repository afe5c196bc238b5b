import type { App, BlockButtonAction } from '@slack/bolt';
import type { InFlightWork } from '../../lifecycle/in-flight.js';
import { formatInstant } from '../../messages/format-time.js';
import { escapeEntities } from '../../messages/mrkdwn.js';
import {
  buildRuleModal,
  RULE_MODAL,
  type RuleFormValues,
  type RuleModalMetadata,
  readRuleModalMetadata,
} from '../../messages/rule-modal.js';
import { previewText } from '../../messages/rule-preview-text.js';
import type { UserTimeZones } from '../../slack/user-time-zone.js';
import { previewRule } from './preview.js';
import { formToSpec, readRuleForm, type ViewStateValues } from './rule-form.js';
import { knownSources, type RuleModalDeps } from './rule-modal-open.js';
import { checkRuleSpec } from './rule-spec.js';

/**
 * The modal's Preview button: the rule as currently typed, run over the last 7 days of the stats
 * API (preview.ts), shown in the same modal (`views.update`): first that it is running, then how
 * many times it would have fired and when, in the presser's zone. A form that is not a valid rule
 * yet, or an API that cannot be read, is said there too. It stores nothing and posts nothing. It
 * goes on after the ack as work in flight, so a stop lets it finish.
 */

export interface RulePreviewDeps extends RuleModalDeps {
  readonly userTimeZones: UserTimeZones;
  readonly inFlight: InFlightWork;
}

/** Firing times listed; the rest are counted. */
const MAX_LISTED = 10;

export function registerRulePreview(app: App, deps: RulePreviewDeps): void {
  app.action<BlockButtonAction>(RULE_MODAL.previewAction, async ({ ack, body }) => {
    await ack();
    const view = body.view;
    const metadata = readRuleModalMetadata(view?.private_metadata);
    if (view === undefined || metadata === null) return;
    const userId = body.user.id;
    const log = deps.logger.child({ action: 'rule-preview', userId });
    const values = readRuleForm(view.state.values as ViewStateValues, metadata.name);
    deps.inFlight.run(
      () => runPreview(deps, { viewId: view.id, metadata, values, userId }),
      (error) => log.warn('could not show the preview', { error }),
    );
  });
}

async function runPreview(
  deps: RulePreviewDeps,
  modal: {
    readonly viewId: string;
    readonly metadata: RuleModalMetadata;
    readonly values: RuleFormValues;
    readonly userId: string;
  },
): Promise<void> {
  const { metadata, values, userId } = modal;
  const sources = await knownSources(deps);
  const show = (preview: string) =>
    deps.client.views.update({
      view_id: modal.viewId,
      view: buildRuleModal({ metadata, values, knownSources: sources, preview }),
    });
  const text = await previewOf(deps, values, sources, userId, show).catch((error: unknown) => {
    deps.logger.warn('rule preview failed', { userId, error });
    return `:warning: The preview could not read the stats API: ${escapeEntities(messageOf(error))}. Nothing was changed; try again in a minute.`;
  });
  await show(text);
}

async function previewOf(
  deps: RulePreviewDeps,
  values: RuleFormValues,
  sources: readonly string[],
  userId: string,
  show: (text: string) => Promise<unknown>,
): Promise<string> {
  const parsed = formToSpec(values, sources);
  const checked = parsed.ok ? checkRuleSpec(parsed.spec) : parsed;
  if (!checked.ok) {
    const lines = checked.problems.map((p) => `• *${p.field}* ${escapeEntities(p.message)}`);
    return `:warning: Fix these to preview the rule:\n${lines.join('\n')}`;
  }
  await show(':hourglass_flowing_sand: Running this rule over the last 7 days of the stats API…');
  const now = deps.clock.now();
  const [result, zone] = await Promise.all([
    previewRule(deps.stats, checked.rule, now),
    deps.userTimeZones.get(userId),
  ]);
  deps.logger.info('rule previewed', {
    userId,
    fired: result.firings.length,
    statsCalls: result.calls,
  });
  return previewText({
    firings: result.firings.slice(0, MAX_LISTED).map((f) => ({
      at: formatInstant(f.at, zone, now),
      subjects: f.subjects.filter((s) => s !== '*').join(', '),
    })),
    more: Math.max(0, result.firings.length - MAX_LISTED),
    hoursFiring: result.hoursFiring,
    zone,
    baseline:
      result.baselineMs === null
        ? null
        : { hours: result.baselineMs / 3_600_000, capped: result.baselineCapped },
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
