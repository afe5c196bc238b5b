import type { CommandDeclaration } from '../features/feature.js';
import { HOURLY_LIMIT_DAYS } from '../time/granularity.js';
import { HOURLY_MAX_HOURS, MAX_WINDOW_DAYS } from '../time/window.js';
import { SYNOPSIS } from './grammar.js';

/**
 * The stats query in `/exec-stats help`: the command itself, so it has no subcommand of its own,
 * and its lines come first. `help` is listed here because it is the last line about the command
 * as such, before the features' sections.
 */
export const STATS_COMMANDS: CommandDeclaration = {
  feature: 'stats',
  subcommands: [],
  help: [
    `*Usage:* \`${SYNOPSIS}\``,
    '• *WINDOW* (default `24h`): `15m`, `6h`, `24h`, `7d`, `30d` (up to now); ' +
      '`today`, `yesterday`, `this-week`, `last-week`, `this-month`, `last-month` (in your time zone); ' +
      `\`2026-11-01..2026-11-07\` (whole days) or \`2026-11-01T09:00..2026-11-01T17:30\`. At most ${MAX_WINDOW_DAYS} days.`,
    `• \`hourly\` or \`daily\` buckets (default: hourly up to ${HOURLY_MAX_HOURS} hours, else daily; ` +
      `hourly for at most ${HOURLY_LIMIT_DAYS} days)`,
    '• `source:NAME` for one source system; quote a name with spaces: `source:"my system"`',
    '• `public` posts the answer in the channel instead of only to you',
    '• `/exec-stats help` shows this',
  ],
};
