import { userMention } from './alert-actions.js';
import { contextBlock, headerBlock, mrkdwn, plainText, sectionBlock, slackDate } from './blocks.js';
import { DIGEST_ACTION_IDS, encodeDigestRef } from './digest-modal.js';
import { type DigestListing, nextRunText } from './digest-subscriptions.js';
import { formatCountOf } from './format.js';
import { formatInstant } from './format-time.js';
import { MAX_SECTION_TEXT } from './limits.js';
import type { Block } from './message.js';
import { channelRef, codeSpan, shownValue } from './mrkdwn.js';

/**
 * The Home tab's digests: each channel's, with their next run; a "New digest" button; the first
 * HOME_DIGEST_ROWS digests made in Slack each with who changed them last ("changed by @x 5
 * minutes ago", which Slack renders in each reader's client while the text stays the same) and
 * Edit / Delete buttons (Delete asks first); YAML digests read-only, "from exec-stats.yml".
 * Anyone sees the buttons; a press is checked (only the creator or an admin may).
 */

/** Digest lines shown (each channel's heading apart); more are counted. */
export const HOME_DIGESTS_SHOWN = 40;
/** Digests made in Slack shown with their own buttons (two blocks each); later ones as lines. */
export const HOME_DIGEST_ROWS = 8;

/** A digest of a channel as the tab lists it: a YAML one (with its cron) or a subscription. */
export interface HomeDigest extends DigestListing {
  readonly channel: string;
  /** A subscription's last change: who (user ID) and when (Unix ms). */
  readonly changedBy?: string;
  readonly changedAt?: number;
}

const MAX_SCHEDULE = 100;

function digestLine(item: HomeDigest, now: number): string {
  const origin = item.origin === 'config' ? ' · _from exec-stats.yml_' : '';
  const schedule = item.schedule === null ? '' : `${codeSpan(item.schedule, MAX_SCHEDULE)}, `;
  return `• *${shownValue(item.name, 80)}*: ${schedule}${shownValue(item.description, 120)} · ${nextRunText(item.nextRun, item.timeZone, now)}${origin}`;
}

/** "changed by @x 5 minutes ago" (Slack's `{ago}`; the fallback an absolute time, stable). */
export function changedByText(
  by: string,
  at: number,
  options: { readonly now: number; readonly timeZone: string },
): string {
  const fallback = formatInstant(at, options.timeZone, options.now);
  return `changed by ${userMention(by)} ${slackDate(at, '{ago}', fallback)}`;
}

function digestRow(item: HomeDigest, options: { now: number; timeZone: string }): Block[] {
  const changed =
    item.changedBy === undefined || item.changedAt === undefined
      ? ''
      : `\n_${changedByText(item.changedBy, item.changedAt, options)}_`;
  const value = encodeDigestRef({ channel: item.channel, name: item.name });
  const name = shownValue(item.name, 80);
  return [
    sectionBlock(`${digestLine(item, options.now)}${changed}`),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: DIGEST_ACTION_IDS.edit,
          text: plainText('Edit'),
          value,
        },
        {
          type: 'button',
          action_id: DIGEST_ACTION_IDS.remove,
          text: plainText('Delete'),
          style: 'danger',
          value,
          confirm: {
            title: plainText('Delete this digest?'),
            text: mrkdwn(`*${name}* stops posting in ${channelRef(item.channel)}.`),
            confirm: plainText('Delete'),
            deny: plainText('Keep it'),
            style: 'danger',
          },
        },
      ],
    },
  ];
}

function newDigestBlock(): Block {
  return {
    type: 'actions',
    block_id: 'home_digests_new',
    elements: [
      {
        type: 'button',
        action_id: DIGEST_ACTION_IDS.create,
        text: plainText('New digest'),
        value: 'new',
        style: 'primary',
      },
    ],
  };
}

/** Lines gathered into as few sections as fit; a digest row (section + buttons) breaks them. */
function flush(lines: string[], blocks: Block[]): void {
  let text = '';
  for (const line of lines) {
    if (text !== '' && text.length + 1 + line.length > MAX_SECTION_TEXT) {
      blocks.push(sectionBlock(text));
      text = '';
    }
    text = text === '' ? line : `${text}\n${line}`;
  }
  if (text !== '') blocks.push(sectionBlock(text));
  lines.length = 0;
}

export function homeDigestBlocks(
  digests: readonly HomeDigest[],
  options: { readonly now: number; readonly timeZone: string },
): Block[] {
  if (digests.length === 0) {
    return [
      sectionBlock(
        '*Digests*\nNo channel has a digest yet. "New digest" below, or `/exec-stats subscribe` in a channel, adds one.',
      ),
      newDigestBlock(),
    ];
  }
  const channels = new Map<string, HomeDigest[]>();
  for (const digest of digests) {
    const list = channels.get(digest.channel) ?? [];
    list.push(digest);
    channels.set(digest.channel, list);
  }
  const blocks: Block[] = [];
  const lines: string[] = [];
  let shown = 0;
  let rows = 0;
  let channelsShown = 0;
  for (const [channel, list] of channels) {
    if (shown >= HOME_DIGESTS_SHOWN) break;
    lines.push(`*${channelRef(channel)}*`);
    for (const item of list.slice(0, HOME_DIGESTS_SHOWN - shown)) {
      if (item.origin === 'slack' && rows < HOME_DIGEST_ROWS) {
        flush(lines, blocks);
        blocks.push(...digestRow(item, options));
        rows += 1;
      } else lines.push(digestLine(item, options.now));
      shown += 1;
    }
    channelsShown += 1;
  }
  if (shown < digests.length) {
    const channelsLeft = channels.size - channelsShown;
    lines.push(
      `…and ${formatCountOf(digests.length - shown, 'more digest')}${channelsLeft > 0 ? ` in ${formatCountOf(channelsLeft, 'more channel')}` : ''}. \`/exec-stats subscriptions\` in a channel lists its own.`,
    );
  }
  flush(lines, blocks);
  const count = `${formatCountOf(digests.length, 'digest')} in ${formatCountOf(channels.size, 'channel')}`;
  return [headerBlock('Digests'), contextBlock([count]), newDigestBlock(), ...blocks];
}
