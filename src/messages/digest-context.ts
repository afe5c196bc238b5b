import { displayZone, formatInstant } from './format-time.js';
import { escapeEntities, shownValue } from './mrkdwn.js';

/**
 * The line under a digest's header: which digest it is and, when it was posted after its time,
 * that it is late and when it was due. Shared by the normal, quiet and unavailable digests.
 */
export function digestContextLine(input: {
  readonly digestName: string;
  readonly scheduledAt: number;
  readonly late: boolean;
  readonly now: number;
  readonly window: { readonly timeZone: string };
}): string {
  const name = `Digest *${shownValue(input.digestName, 80)}*`;
  if (!input.late) return name;
  const zone = displayZone(input.window.timeZone);
  const due = escapeEntities(`${formatInstant(input.scheduledAt, zone, input.now)} ${zone}`);
  return `${name} · :hourglass: *posted late*: it was due ${due}, when the bot was not running`;
}
