import type { App, BlockButtonAction, BlockOverflowAction, ViewSubmitAction } from '@slack/bolt';
import type { PermissionDecision } from '../../config/admins.js';
import type { SubcommandHandler } from '../../features/feature.js';
import { plainText, sectionBlock } from '../../messages/blocks.js';
import { readRuleMenuValue } from '../../messages/home-rules.js';
import { buildDeleteRuleModal, readDeleteRuleMetadata } from '../../messages/rule-delete-modal.js';
import { RULE_MODAL, readRuleModalMetadata } from '../../messages/rule-modal.js';
import type { Permissions } from '../../slack/permissions.js';
import { deleteRule, saveRule } from './rule-changes.js';
import { formToSpec, problemsByBlock, readRuleForm, type ViewStateValues } from './rule-form.js';
import { knownSources, openRuleModal } from './rule-modal-open.js';
import { type RulePreviewDeps, registerRulePreview } from './rule-preview-handler.js';

/**
 * The rule modal's listeners: "New rule" and each Slack-made rule's Edit / Delete menu (Home tab),
 * the delete confirmation, the modal's submission and its Preview button. Only admins
 * (permissions, `change-rules`) may open, save or delete; anyone else is told who can, in a small
 * modal (a Home tab has no channel to answer in) or next to the field. Slack gets its ack at once;
 * the modal opens within the trigger's 3 s.
 */

export interface RuleModalHandlerDeps extends RulePreviewDeps {
  readonly permissions: Permissions;
}

/** When the state DB cannot be written: the form stays open, nothing is lost from it. */
const NOT_SAVED =
  'Could not be saved just now (the bot cannot write its database); try again in a minute.';

const NOTICE = { type: 'modal' as const, title: plainText('Alert rules'), close: plainText('OK') };

export function registerRuleModal(app: App, deps: RuleModalHandlerDeps): void {
  const allowed = (userId: string) => deps.permissions.check(userId, { kind: 'change-rules' });
  const refuse = async (triggerId: string, decision: PermissionDecision) => {
    if (decision.allowed) return;
    deps.logger.info('rule change refused', { reason: decision.reason });
    await deps.client.views.open({
      trigger_id: triggerId,
      view: { ...NOTICE, blocks: [sectionBlock(decision.text)] },
    });
  };

  app.action<BlockButtonAction>(RULE_MODAL.newAction, async ({ ack, body }) => {
    await ack();
    const decision = await allowed(body.user.id);
    if (!decision.allowed) return refuse(body.trigger_id, decision);
    await openRuleModal(deps, body.trigger_id, { editing: null, channel: null });
  });

  app.action<BlockOverflowAction>(RULE_MODAL.menuAction, async ({ ack, body, action }) => {
    await ack();
    const userId = body.user.id;
    const chosen = readRuleMenuValue(action.selected_option.value);
    if (chosen === null) return;
    const decision = await allowed(userId);
    if (!decision.allowed) return refuse(body.trigger_id, decision);
    if (chosen.verb === 'delete') {
      await deps.client.views.open({
        trigger_id: body.trigger_id,
        view: buildDeleteRuleModal(chosen.name),
      });
      return;
    }
    const target = { editing: chosen.name, channel: null };
    if ((await openRuleModal(deps, body.trigger_id, target)) === 'not-found') {
      await deps.client.views.open({
        trigger_id: body.trigger_id,
        view: { ...NOTICE, blocks: [sectionBlock('That rule was deleted meanwhile.')] },
      });
    }
  });

  app.view<ViewSubmitAction>(RULE_MODAL.deleteCallbackId, async ({ ack, body, view }) => {
    const name = readDeleteRuleMetadata(view.private_metadata);
    const userId = body.user.id;
    const decision = await allowed(userId);
    if (name === null || !decision.allowed) {
      const text = decision.allowed ? 'This rule cannot be deleted here.' : decision.text;
      await ack({ response_action: 'update', view: { ...NOTICE, blocks: [sectionBlock(text)] } });
      return;
    }
    // Deleted before the answer, so a failure (the state DB down) is said, not lost.
    const failed = await deleteRule(deps, name, userId).then(
      () => null,
      (error: unknown) => error,
    );
    if (failed === null) return ack();
    deps.logger.error('could not delete the alert rule', { rule: name, userId, error: failed });
    await ack({
      response_action: 'update',
      view: { ...NOTICE, blocks: [sectionBlock(NOT_SAVED)] },
    });
  });

  app.view<ViewSubmitAction>(RULE_MODAL.callbackId, async ({ ack, body, view }) => {
    const metadata = readRuleModalMetadata(view.private_metadata);
    if (metadata === null) return ack();
    const userId = body.user.id;
    // Editing, the name is no input: problems with it (or the whole rule) go on the first field.
    const nameBlock = metadata.mode === 'edit' ? 'rule_scope' : 'rule_name';
    // Both within Slack's 3 s for the answer: asked at once, not one after the other.
    const [decision, sources] = await Promise.all([allowed(userId), knownSources(deps)]);
    if (!decision.allowed) {
      return ack({ response_action: 'errors', errors: { [nameBlock]: decision.text } });
    }
    const form = readRuleForm(view.state.values as ViewStateValues, metadata.name);
    const parsed = formToSpec(form, sources);
    let saved: Awaited<ReturnType<typeof saveRule>>;
    try {
      saved = parsed.ok ? await saveRule(deps, parsed.spec, metadata.mode, userId) : parsed;
    } catch (error) {
      deps.logger.error('could not save the alert rule', { rule: form.name, userId, error });
      return ack({ response_action: 'errors', errors: { [nameBlock]: NOT_SAVED } });
    }
    if (!saved.ok) {
      return ack({
        response_action: 'errors',
        errors: problemsByBlock(saved.problems, nameBlock),
      });
    }
    await ack();
  });

  registerRulePreview(app, deps);
}

/** `/exec-stats rules`: the rule modal for an admin (the command's channel picked), else who can. */
export function rulesSubcommand(deps: RuleModalHandlerDeps): SubcommandHandler {
  return async (ctx) => {
    const decision = await deps.permissions.check(ctx.userId, { kind: 'change-rules' });
    if (!decision.allowed || ctx.triggerId === undefined) {
      const text = decision.allowed ? 'Open the rule form from the Home tab.' : decision.text;
      await ctx.respond({ text, blocks: [sectionBlock(text)] });
      return;
    }
    await openRuleModal(deps, ctx.triggerId, { editing: null, channel: ctx.channelId });
  };
}
