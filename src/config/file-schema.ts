import { z } from 'zod';
import { checkCronSyntax, parseCronExpression } from '../schedule/cron-expression.js';
import { parseDuration } from '../time/duration.js';
import { MAX_WINDOW_DAYS } from '../time/window.js';
import { formatWindowSpec, parseWindowSpec } from '../time/window-spec.js';
import { canonicalTimeZone, isValidTimeZone } from '../time/zone.js';
import { checkExecutionUrlTemplate } from './execution-url.js';
import { CHANNEL_ID, channelIdProblem, WINDOW_HINT } from './syntax.js';

/**
 * The shape of the YAML file, field by field, with messages that say what to write instead.
 * Cross-field rules (unique names, a channel for every rule, recoverRate against failureRate) are
 * in file.ts; they run on the keys that parsed (salvaged one by one), in the same round as these.
 */

/** Zod calls this for type errors too; a missing key reads as "is required", then the hint. */
function hint(text: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `is required: ${text}` : text;
}

const DAY_MS = 86_400_000;
/** Rule windows follow the slash command's limit. */
const MAX_WINDOW_MS = MAX_WINDOW_DAYS * DAY_MS;

const zone = z
  .string({ error: hint('must be an IANA time zone such as Europe/Berlin or UTC') })
  .refine(isValidTimeZone, {
    error:
      'is not a known IANA time zone; use a name such as Europe/Berlin, America/New_York or UTC',
  })
  // The runtime's spelling (europe/berlin → Europe/Berlin), as every label will show it.
  .transform((name) => canonicalTimeZone(name) ?? name);

const channel = z
  .string({ error: hint('must be a channel ID like C0123456789') })
  .refine((value) => CHANNEL_ID.test(value), {
    error: (issue) => channelIdProblem(String(issue.input)),
  });

function duration(limits: { readonly min?: number; readonly max?: number } = {}) {
  const text = 'must be a duration like 30s, 5m, 1h or 1d';
  return z
    .string({ error: hint(text) })
    .refine((value) => parseDuration(value) !== null, { error: text, abort: true })
    .refine((value) => (parseDuration(value) ?? 0) >= (limits.min ?? 0), {
      error: `must be at least ${(limits.min ?? 0) / 1000}s`,
    })
    .refine((value) => (parseDuration(value) ?? 0) <= (limits.max ?? Number.POSITIVE_INFINITY), {
      error: `must be at most ${(limits.max ?? 0) / DAY_MS}d`,
    })
    .transform((value) => parseDuration(value) ?? 0);
}

const rate = z
  .number({ error: hint('must be a number above 0 and at most 1, e.g. 0.2 for 20%') })
  .gt(0, { error: 'must be above 0 (a fraction: 0.2 means 20%)' })
  .lte(1, { error: 'must be at most 1 (a fraction: 0.2 means 20%, not 20)' });

function wholeNumber(min: number, max: number) {
  return z
    .number({ error: hint(`must be a whole number from ${min} to ${max}`) })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

const name = z
  .string({ error: hint('must be a short text naming this entry') })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(80, { error: 'must be at most 80 characters' });

export const digestSchema = z.strictObject({
  name: name.optional(),
  channel,
  schedule: z
    .string({ error: hint('must be a cron expression such as "0 9 * * 1-5" (quote it in YAML)') })
    .superRefine((value, ctx) => {
      const problem = checkCronSyntax(value);
      if (problem !== null) {
        ctx.addIssue({ code: 'custom', message: `is not a valid cron: ${problem}` });
        return;
      }
      // The friendlier check above, then the scheduler's own parser: whatever passes here runs.
      const parsed = parseCronExpression(value);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
    }),
  timezone: zone.optional(),
  window: z
    .string({ error: hint(`must be ${WINDOW_HINT}`) })
    .transform((word, ctx) => {
      // The slash command's own parser, so a digest accepts exactly what a user may type.
      const parsed = parseWindowSpec(word);
      if (parsed.ok) return formatWindowSpec(parsed.spec);
      // The reason already quotes the word and says what to write instead: adding WINDOW_HINT
      // would say it twice. Its code spans are for Slack; this message is read in a terminal.
      ctx.addIssue({ code: 'custom', message: parsed.reason.replaceAll('`', '"') });
      return z.NEVER;
    })
    .optional(),
});

export const ruleSchema = z.strictObject({
  name,
  scope: z
    .enum(['overall', 'per-source'], {
      error: 'must be overall or per-source (each source system on its own)',
    })
    .optional(),
  sources: z
    .array(z.string().trim().min(1, { error: 'must not be empty' }), {
      error: 'must be a list of source systems, e.g. [billing, shipping]',
    })
    .min(1, { error: 'must name at least one source system, or be left out for all of them' })
    .optional(),
  window: duration({ max: MAX_WINDOW_MS }),
  minFailures: wholeNumber(1, 1_000_000).optional(),
  failureRate: rate,
  baselineWindow: duration({ max: MAX_WINDOW_MS }).optional(),
  baselineFactor: z
    .number({ error: 'must be a number of at least 1, e.g. 3 for "three times the baseline rate"' })
    .gte(1, { error: 'must be at least 1 (a spike is a rate above the baseline)' })
    .max(1000, { error: 'must be at most 1000' })
    .optional(),
  significance: z
    .number({ error: 'must be a probability above 0 and below 0.5, e.g. 0.001' })
    .gt(0, { error: 'must be above 0, e.g. 0.001' })
    .lt(0.5, { error: 'must be below 0.5; smaller is stricter, e.g. 0.001' })
    .optional(),
  for: wholeNumber(1, 100).optional(),
  recoverRate: rate.optional(),
  renotify: duration({ min: 60_000, max: 7 * DAY_MS }).optional(),
  channel: channel.optional(),
});

export const alertsSchema = z.strictObject({
  // At least 10s so a typo cannot turn the bot into a load test of the stats API.
  interval: duration({ min: 10_000, max: DAY_MS }).optional(),
  channel: channel.optional(),
  rules: z
    .array(ruleSchema, { error: 'must be a list of rules, each starting with "- name: …"' })
    .nullish(),
});

/** `admins:`: who may change alert rules and anyone's digests (see config/admins.ts). */
export const adminsSchema = z.strictObject({
  users: z
    .array(
      z.string().regex(/^[UW][A-Z0-9]{2,}$/, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a Slack user ID: use an ID like U0123456789 (a profile's ⋮ menu → Copy member ID), not a name`,
      }),
      { error: 'must be a list of Slack user IDs, e.g. [U0123456789]' },
    )
    .optional(),
  usergroups: z
    .array(
      z.string().regex(/^S[A-Z0-9]{2,}$/, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a user group ID: use an ID like S0123456789 (the group's page → ⋮ → Copy group ID), not its @handle`,
      }),
      { error: 'must be a list of Slack user group IDs, e.g. [S0123456789]' },
    )
    .optional(),
});

export const fileSchema = z.strictObject({
  timezone: zone.optional(),
  executionUrl: z
    .string({
      error: 'must be a link template such as "https://app.example.com/executions/{executionId}"',
    })
    .superRefine((value, ctx) => {
      const problem = checkExecutionUrlTemplate(value);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  digests: z
    .array(digestSchema, { error: 'must be a list of digests, each starting with "- channel: …"' })
    .nullish(),
  alerts: alertsSchema.nullish(),
  admins: adminsSchema.nullish(),
});

export type ParsedFile = z.output<typeof fileSchema>;
export type ParsedDigest = z.output<typeof digestSchema>;
export type ParsedAlerts = z.output<typeof alertsSchema>;
export type ParsedRule = z.output<typeof ruleSchema>;

/** Allowed keys of each mapping, for "did you mean" hints on unknown keys. */
export const KNOWN_KEYS = {
  top: Object.keys(fileSchema.shape),
  digest: Object.keys(digestSchema.shape),
  alerts: Object.keys(alertsSchema.shape),
  rule: Object.keys(ruleSchema.shape),
  admins: Object.keys(adminsSchema.shape),
} as const;
