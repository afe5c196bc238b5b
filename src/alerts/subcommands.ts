import type { AlertRuleConfig } from '../config/config.js';
import type {
  CommandDeclaration,
  SubcommandContext,
  SubcommandHandler,
} from '../features/feature.js';
import { userMention } from '../messages/alert-actions.js';
import { subjectName } from '../messages/alert-sections.js';
import { buildAlertStatusMessage } from '../messages/alert-status.js';
import { OVERALL } from '../messages/alert-view.js';
import { sectionBlock, slackDate } from '../messages/blocks.js';
import { formatInstant } from '../messages/format-time.js';
import type { SlackMessage } from '../messages/message.js';
import { escapeEntities, shownValue } from '../messages/mrkdwn.js';
import type { Permissions } from '../slack/permissions.js';
import { parseDuration } from '../time/duration.js';
import { mute, unmute } from './acks-and-mutes.js';
import { type RedrawDeps, redrawRoot } from './redraw.js';
import { EMPTY_RULE_STATE } from './types.js';

/** The alerts' part of `/exec-stats`: each rule's state, and mutes. */
export const ALERT_COMMANDS: CommandDeclaration = {
  feature: 'alerts',
  subcommands: ['alerts', 'mute', 'unmute', 'rules'],
  help: [
    '*Alerts:*',
    '• `/exec-stats alerts`: each rule and its state',
    '• `/exec-stats rules`: a form to make an alert rule (admins)',
    '• `/exec-stats mute RULE [SOURCE] 1h`, `/exec-stats unmute RULE [SOURCE]`',
  ],
};

/**
 * `/exec-stats alerts`, `mute`, `unmute`. Mutes are answered in the channel: the team should know.
 * Muting and unmuting are the buttons' rights, typed: members of the rule's channel (where its
 * alerts go) and the bot's admins; anyone else is told who can, privately, and nothing changes.
 */
export function alertSubcommands(
  deps: RedrawDeps & {
    /** The rules in force now (YAML and Slack-made ones). */
    readonly rules: () => Promise<readonly AlertRuleConfig[]>;
    /** Who may mute (the same check as the alert's Mute buttons). */
    readonly permissions: Permissions;
  },
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
    const parsed = parseMuteArgs(ctx.args, await deps.rules(), withDuration);
    if (!parsed.ok) {
      await ctx.respond(note(`:warning: ${escapeEntities(parsed.reason)}\nUsage: ${MUTE_USAGE}`));
      return;
    }
    const { rule, subject, durationMs } = parsed;
    // Asked of Slack before the state is touched (never inside the cycle's turn).
    const decision = await deps.permissions.check(ctx.userId, {
      kind: 'mute-alert',
      channel: rule.channel,
    });
    if (!decision.allowed) {
      deps.logger.warn(
        `alert ${durationMs === null ? 'unmute' : 'mute'} refused: ${decision.reason}`,
        {
          rule: rule.name,
          channel: rule.channel,
          userId: ctx.userId,
        },
      );
      await ctx.respond(note(decision.text));
      return;
    }
    const now = deps.clock.now();
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
      const held = (await deps.store.pendingNotifications()).flatMap((p) =>
        p.held === null || p.rule === null
          ? []
          : [{ rule: p.rule, channel: p.notification.channel, ...p.held }],
      );
      await ctx.respond(
        buildAlertStatusMessage(await deps.rules(), states, {
          now: deps.clock.now(),
          timeZone: deps.timezone,
          held,
        }),
      );
    },
    mute: (ctx) => change(ctx, true),
    unmute: (ctx) => change(ctx, false),
  };
}

/**
 * `/exec-stats mute RULE [SOURCE] DURATION` and `unmute RULE [SOURCE]`. Rule names may hold
 * spaces, so the longest run of leading words that names a rule wins; the source may be written
 * `billing` or `source:billing`. Pure: the handler carries the result out.
 */

export const MAX_MUTE_MS = 30 * 86_400_000;

export type MuteArgs =
  | {
      readonly ok: true;
      readonly rule: AlertRuleConfig;
      readonly subject: string;
      readonly durationMs: number | null;
    }
  | { readonly ok: false; readonly reason: string };

export const MUTE_USAGE =
  '`/exec-stats mute RULE [SOURCE] DURATION` (e.g. `/exec-stats mute failure-spike billing 4h`), `/exec-stats unmute RULE [SOURCE]`';

export function parseMuteArgs(
  args: readonly string[],
  rules: readonly AlertRuleConfig[],
  withDuration: boolean,
): MuteArgs {
  const words = [...args];
  let durationMs: number | null = null;
  if (withDuration) {
    const last = words.pop();
    durationMs = last === undefined ? null : parseDuration(last);
    if (last === undefined || durationMs === null) {
      return { ok: false, reason: `Say how long to mute for, e.g. \`1h\`, \`4h\` or \`24h\`.` };
    }
    if (durationMs > MAX_MUTE_MS) return { ok: false, reason: 'A mute lasts at most 30 days.' };
  }
  const rule = findRule(words, rules);
  if (rule === null) {
    const names = rules.map((r) => `\`${r.name.replaceAll('`', "'")}\``).join(', ');
    return {
      ok: false,
      reason:
        rules.length === 0
          ? 'No alert rules are configured.'
          : `Name one of the alert rules: ${names}.`,
    };
  }
  const rest = words
    .slice(rule.words)
    .join(' ')
    .replace(/^source:/i, '')
    .replace(/^["“'‘«](.*)["”'’»]$/, '$1')
    .trim();
  if (rest !== '' && rule.config.scope === 'overall') {
    return {
      ok: false,
      reason: `Rule \`${rule.config.name.replaceAll('`', "'")}\` watches all sources together: mute it without a source.`,
    };
  }
  return { ok: true, rule: rule.config, subject: rest === '' ? OVERALL : rest, durationMs };
}

function findRule(
  words: readonly string[],
  rules: readonly AlertRuleConfig[],
): { config: AlertRuleConfig; words: number } | null {
  for (let n = words.length; n >= 1; n -= 1) {
    const name = words.slice(0, n).join(' ');
    const config =
      rules.find((r) => r.name === name) ??
      rules.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (config !== undefined) return { config, words: n };
  }
  return null;
}
