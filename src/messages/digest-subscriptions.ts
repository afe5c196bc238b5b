import { pack } from './alert-sections.js';
import { contextBlock, sectionBlock } from './blocks.js';
import { fitMessage } from './fit-message.js';
import { displayZone, formatInstant } from './format-time.js';
import { MAX_SECTION_TEXT } from './limits.js';
import type { SlackMessage } from './message.js';
import { codeSpan, escapeEntities, shownValue } from './mrkdwn.js';

/**
 * Replies of `/exec-stats subscribe`, `unsubscribe` and `subscriptions`. Pure. Names, windows and
 * schedules are shown escaped, even our own, since a YAML name is free text. A cron expression is
 * shown exactly, as inline code, so that it can be copied back into a config file.
 */

export interface DigestListing {
  readonly name: string;
  readonly origin: 'config' | 'slack';
  /** "weekdays at 09:00, window 24h" for subscriptions; "window 24h" for YAML digests. */
  readonly description: string;
  /** A YAML digest's cron expression (`0 9 * * 1-5`); null for subscriptions, said in words. */
  readonly schedule: string | null;
  readonly timeZone: string;
  /** Next run (Unix ms), null when the schedule never runs again. */
  readonly nextRun: number | null;
  /**
   * What to know before relying on the schedule, plain sentences (escaped here): a cron whose
   * day fields tools read differently, the coming year's clock changes that move a run.
   */
  readonly notes?: readonly string[];
}

const MAX_LISTED = 40;
/** Longer than any real cron (6 fields with lists); a longer one is cut, never breaks the line. */
const MAX_SCHEDULE = 100;

export function nextRunText(nextRun: number | null, timeZone: string, now: number): string {
  if (nextRun === null) return 'no next run';
  const zone = displayZone(timeZone);
  return `next ${escapeEntities(formatInstant(nextRun, zone, now))} ${escapeEntities(zone)}`;
}

function listingLine(item: DigestListing, now: number): string {
  const origin = item.origin === 'config' ? ' _(config file: cannot be removed from Slack)_' : '';
  const schedule = item.schedule === null ? '' : `${codeSpan(item.schedule, MAX_SCHEDULE)}, `;
  const notes = (item.notes ?? []).map((note) => ` :warning: ${shownValue(note, 300)}`).join('');
  return `• *${shownValue(item.name, 80)}*: ${schedule}${shownValue(item.description, 120)} · ${nextRunText(item.nextRun, item.timeZone, now)}${origin}${notes}`;
}

export function buildSubscriptionsList(items: readonly DigestListing[], now: number): SlackMessage {
  if (items.length === 0) {
    return fitMessage({
      text: 'This channel has no digests.',
      blocks: [
        sectionBlock(
          'This channel has no digests. Add one with `/exec-stats subscribe daily 09:00`.',
        ),
      ],
    });
  }
  const lines = items.slice(0, MAX_LISTED).map((item) => listingLine(item, now));
  if (items.length > MAX_LISTED) lines.push(`…and ${items.length - MAX_LISTED} more`);
  return fitMessage({
    text: `This channel has ${items.length} ${items.length === 1 ? 'digest' : 'digests'}.`,
    // Whole lines in as many sections as they need: one cut section would lose the last lines
    // and the "…and N more" under them.
    blocks: [
      ...pack(['*Digests in this channel*', ...lines], MAX_SECTION_TEXT).map(sectionBlock),
      contextBlock(['Remove one with `/exec-stats unsubscribe NAME`.']),
    ],
  });
}

export function buildSubscribedMessage(
  item: DigestListing & { readonly userId: string },
  now: number,
): SlackMessage {
  const who = `<@${escapeEntities(item.userId)}>`;
  const text = `${who} subscribed this channel to the digest *${shownValue(item.name, 80)}*: ${shownValue(item.description, 120)} (${escapeEntities(displayZone(item.timeZone))}), ${nextRunText(item.nextRun, item.timeZone, now)}.`;
  return fitMessage({
    text: `Subscribed this channel to the digest ${item.name}.`,
    blocks: [
      sectionBlock(`:calendar: ${text}`),
      ...(item.notes ?? []).map((note) => contextBlock([`:warning: ${shownValue(note, 300)}`])),
      contextBlock([`Stop it with \`/exec-stats unsubscribe ${shownValue(item.name, 80)}\`.`]),
    ],
  });
}

export function buildUnsubscribedMessage(name: string, userId: string): SlackMessage {
  return fitMessage({
    text: `Removed the digest ${name} from this channel.`,
    blocks: [
      sectionBlock(
        `<@${escapeEntities(userId)}> removed the digest *${shownValue(name, 80)}* from this channel.`,
      ),
    ],
  });
}

/** A one-sentence answer (refusals, "which one?"): `text` is mrkdwn we wrote, values escaped. */
export function buildDigestNotice(text: string): SlackMessage {
  return fitMessage({ text: text.replace(/[*`_]/g, ''), blocks: [sectionBlock(text)] });
}

/**
 * `subscribe` for a digest the channel has already (same schedule, zone and window): nothing is
 * added, and the reply says which one it is.
 */
export function buildAlreadySubscribedMessage(item: DigestListing, now: number): SlackMessage {
  const origin = item.origin === 'config' ? ' (from the config file)' : '';
  return fitMessage({
    text: `This channel already has this digest: ${item.name}. Nothing added.`,
    blocks: [
      sectionBlock(
        `This channel already has this digest: *${shownValue(item.name, 80)}*${origin}, ${shownValue(item.description, 120)} (${escapeEntities(displayZone(item.timeZone))}), ${nextRunText(item.nextRun, item.timeZone, now)}. Nothing added.`,
      ),
      contextBlock(['`/exec-stats subscriptions` lists this channel’s digests.']),
    ],
  });
}

/** A subscription of the person asking, in some channel: shown when their cap is reached. */
export interface OwnSubscription {
  readonly channel: string;
  readonly name: string;
}

export type SubscriptionCapRefusal =
  | {
      readonly cap: 'channel';
      readonly limit: number;
      /** The channel's subscriptions from Slack, the ones that can be removed. */
      readonly names: readonly string[];
    }
  | { readonly cap: 'user'; readonly limit: number; readonly own: readonly OwnSubscription[] };

const MAX_NAMED = 12;

/** `subscribe` over a cap: names the cap, what counts, and how to make room. */
export function buildSubscriptionCapMessage(refusal: SubscriptionCapRefusal): SlackMessage {
  const plural = (n: number) => `${n} ${n === 1 ? 'digest' : 'digests'}`;
  if (refusal.cap === 'channel') {
    const names = refusal.names
      .slice(0, MAX_NAMED)
      .map((name) => `\`${shownValue(name, 80)}\``)
      .join(', ');
    const more = refusal.names.length > MAX_NAMED ? '…' : '';
    return fitMessage({
      text: `This channel has ${plural(refusal.limit)} subscribed from Slack, the most a channel can have.`,
      blocks: [
        sectionBlock(
          `This channel has ${plural(refusal.names.length)} subscribed from Slack: the cap is *${refusal.limit} per channel*, so nothing was added. Remove one first with \`/exec-stats unsubscribe NAME\`${names === '' ? '' : ` (${names}${more})`}; \`/exec-stats subscriptions\` lists them.`,
        ),
      ],
    });
  }
  const own = refusal.own
    .slice(0, MAX_NAMED)
    .map((s) => `<#${escapeEntities(s.channel)}> \`${shownValue(s.name, 80)}\``)
    .join(', ');
  const more = refusal.own.length > MAX_NAMED ? '…' : '';
  return fitMessage({
    text: `You have ${plural(refusal.limit)} subscribed from Slack, the most one person can have.`,
    blocks: [
      sectionBlock(
        `You have subscribed ${plural(refusal.own.length)} from Slack: the cap is *${refusal.limit} per person*, across channels, so nothing was added. Remove one first: in its channel, \`/exec-stats subscriptions\` lists them and \`/exec-stats unsubscribe NAME\` removes one${own === '' ? '' : `. Yours: ${own}${more}`}.`,
      ),
    ],
  });
}
