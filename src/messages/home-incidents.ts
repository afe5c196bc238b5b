import { ALERT_ACTION_IDS, encodeAlertButton, MUTE_BUTTONS } from './alert-actions.js';
import { plainText } from './blocks.js';
import type { Block } from './message.js';

/**
 * An incident's buttons on the Home tab: the alert message's own Acknowledge and Mute buttons
 * (the same action IDs and values), so one handler (alerts/actions.ts) answers both, with the
 * same checks. Acknowledge is left off once someone has.
 */
export function incidentButtons(rule: string, incidentId: string, acknowledged: boolean): Block {
  const value = encodeAlertButton({ rule, incidentId });
  return {
    type: 'actions',
    elements: [
      ...(acknowledged
        ? []
        : [
            {
              type: 'button' as const,
              action_id: ALERT_ACTION_IDS.acknowledge,
              text: plainText('Acknowledge'),
              value,
            },
          ]),
      ...MUTE_BUTTONS.map((button) => ({
        type: 'button' as const,
        action_id: button.actionId,
        text: plainText(button.label),
        value,
      })),
    ],
  };
}
