import type { App, BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { PermissionDecision } from '../config/admins.js';
import { plainText, sectionBlock } from '../messages/blocks.js';
import { RULE_MODAL, readRuleModalMetadata } from '../messages/rule-modal.js';
import type { Permissions } from '../slack/permissions.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';
import { deleteRule, saveRule } from './rule-changes.js';
import { formToSpec, problemsByBlock, readRuleForm, type ViewStateValues } from './rule-form.js';
import { knownSources, openRuleModal, type RuleModalDeps } from './rule-modal-open.js';
import { registerRulePreview } from './rule-preview-handler.js';

/**
 * The rule modal's listeners: "New rule", "Edit" and "Delete" (Home tab buttons), the modal's
 * submission and its Preview button. Only admins (permissions, `change-rules`) may open, save or
 * delete; anyone else is told who can, in a small modal (a Home tab has no channel to answer in)
 * or next to the field. Slack gets its ack at once; the modal opens within the trigger's 3 s.
 */

export interface RuleModalHandlerDeps extends RuleModalDeps {
  readonly permissions: Permissions;
  /** The preview lists times in the presser's zone. */
  readonly userTimeZones: UserTimeZones;
}

export function registerRuleModal(app: App, deps: RuleModalHandlerDeps): void {
  const allowed = (userId: string) => deps.permissions.check(userId, { kind: 'change-rules' });
  const refuse = (triggerId: string, decision: PermissionDecision) =>
    decision.allowed
      ? Promise.resolve()
      : deps.client.views
          .open({
            trigger_id: triggerId,
            view: {
              type: 'modal',
              title: plainText('Alert rules'),
              close: plainText('OK'),
              blocks: [sectionBlock(decision.text)],
            },
          })
          .then(() => undefined);
  const open =
    (editing: boolean) =>
    async ({
      ack,
      body,
      action,
    }: {
      ack: () => Promise<void>;
      body: BlockButtonAction;
      action: BlockButtonAction['actions'][number];
    }) => {
      await ack();
      const userId = body.user.id;
      const decision = await allowed(userId);
      if (!decision.allowed) return refuse(body.trigger_id, decision);
      const target = { editing: editing ? (action.value ?? null) : null, channel: null };
      const opened = await openRuleModal(deps, body.trigger_id, target);
      if (opened === 'not-found')
        deps.logger.warn('rule to edit is gone', { rule: action.value, userId });
    };
  app.action<BlockButtonAction>(RULE_MODAL.newAction, open(false));
  app.action<BlockButtonAction>(RULE_MODAL.editAction, open(true));
  app.action<BlockButtonAction>(RULE_MODAL.deleteAction, async ({ ack, body, action }) => {
    await ack();
    const userId = body.user.id;
    const decision = await allowed(userId);
    if (!decision.allowed) return refuse(body.trigger_id, decision);
    if (await deleteRule(deps, action.value ?? '', userId)) deps.onChanged?.(userId);
  });
  app.view<ViewSubmitAction>(RULE_MODAL.callbackId, async ({ ack, body, view }) => {
    const metadata = readRuleModalMetadata(view.private_metadata);
    if (metadata === null) return ack();
    const userId = body.user.id;
    const nameBlock = metadata.mode === 'edit' ? 'rule_scope' : 'rule_name';
    const decision = await allowed(userId);
    if (!decision.allowed) {
      return ack({ response_action: 'errors', errors: { [nameBlock]: decision.text } });
    }
    const form = readRuleForm(view.state.values as ViewStateValues, metadata.name);
    const parsed = formToSpec(form, await knownSources(deps));
    const saved = parsed.ok ? await saveRule(deps, parsed.spec, metadata.mode, userId) : parsed;
    if (!saved.ok) {
      return ack({ response_action: 'errors', errors: problemsByBlock(saved.problems, nameBlock) });
    }
    await ack();
    deps.onChanged?.(userId);
  });
  registerRulePreview(app, deps);
}
