import type { AlertRuleConfig } from '../config/config.js';
import type {
  CommandDeclaration,
  SubcommandContext,
  SubcommandHandler,
} from '../features/feature.js';
import { userMention } from '../messages/alert-actions.js';
import { subjectName } from '../messages/alert-sections.js';
import { buildAlertStatusMessage } from '../messages/alert-status.js';
import { sectionBlock, slackDate } from '../messages/blocks.js';
import { formatInstant } from '../messages/format-time.js';
import type { SlackMessage } from '../messages/message.js';
import { escapeEntities, shownValue } from '../messages/mrkdwn.js';
import { MUTE_USAGE, parseMuteArgs } from './mute-args.js';
import { type RedrawDeps, redrawRoot } from './redraw.js';
import { EMPTY_RULE_STATE } from './types.js';
import { mute, unmute } from './user-actions.js';

/** The alerts' part of `/exec-stats`: each rule's state, and mutes. */
export const ALERT_COMMANDS: CommandDeclaration = {
  feature: 'alerts',
  subcommands: ['alerts', 'mute', 'unmute'],
  help: [
    '*Alerts:*',
    '• `/exec-stats alerts`: each rule and its state',
    '• `/exec-stats mute RULE [SOURCE] 1h`, `/exec-stats unmute RULE [SOURCE]`',
  ],
};

/** `/exec-stats alerts`, `mute`, `unmute`. Mutes are answered in the channel: the team should know. */
export function alertSubcommands(
  deps: RedrawDeps & { readonly rules: readonly AlertRuleConfig[] },
): {
  alerts: SubcommandHandler;
  mute: SubcommandHandler;
  unmute: SubcommandHandler;
} {
  const note = (text: string): SlackMessage => ({ text, blocks: [sectionBlock(text)] });
  const afterChange = async (rule: string) => {
    const state = await deps.store.loadRuleState(rule);
    if (state?.incident)
      await redrawRoot(deps, rule, state.incident.id).catch((error: unknown) =>
        deps.logger.warn('could not redraw the alert after a mute', { rule, error }),
      );
  };
  const change = async (ctx: SubcommandContext, withDuration: boolean) => {
    const parsed = parseMuteArgs(ctx.args, deps.rules, withDuration);
    if (!parsed.ok) {
      await ctx.respond(note(`:warning: ${escapeEntities(parsed.reason)}\nUsage: ${MUTE_USAGE}`));
      return;
    }
    const now = deps.clock.now();
    const { rule, subject, durationMs } = parsed;
    const changed = await deps.serial(async () => {
      const state = (await deps.store.loadRuleState(rule.name)) ?? EMPTY_RULE_STATE;
      const result =
        durationMs === null
          ? unmute(state, subject, now)
          : mute(state, [subject], now + durationMs, ctx.userId, now);
      if (result.changed) await deps.store.saveRuleState(rule.name, result.state, []);
      return result.changed;
    });
    const what = `*${shownValue(rule.name, 80)}*${subject === '*' ? '' : ` for ${subjectName(subject)}`}`;
    if (durationMs === null) {
      await ctx.respond(
        note(changed ? `🔔 ${userMention(ctx.userId)} unmuted ${what}.` : `${what} was not muted.`),
        { inChannel: changed },
      );
    } else {
      const until = now + durationMs;
      const when = slackDate(
        until,
        '{date_short_pretty} {time}',
        formatInstant(until, deps.timezone, now),
      );
      await ctx.respond(
        note(
          changed
            ? `🔕 ${userMention(ctx.userId)} muted ${what} until ${when}.`
            : `${what} is already muted at least until then.`,
        ),
        { inChannel: changed },
      );
    }
    if (changed) await afterChange(rule.name);
  };
  return {
    alerts: async (ctx) => {
      const states = await deps.store.loadAllRuleStates();
      await ctx.respond(
        buildAlertStatusMessage(deps.rules, states, {
          now: deps.clock.now(),
          timeZone: deps.timezone,
        }),
      );
    },
    mute: (ctx) => change(ctx, true),
    unmute: (ctx) => change(ctx, false),
  };
}
