import type { AlertRuleConfig } from '../config/config.js';
import type { Stats } from '../stats/types.js';
import { userMention } from './alert-actions.js';
import { pack, subjectName } from './alert-sections.js';
import { type HeldNotice, heldLine } from './alert-status.js';
import { OVERALL, type RuleState, type SubjectState } from './alert-view.js';
import {
  contextBlock,
  dividerBlock,
  fieldsBlock,
  headerBlock,
  sectionBlock,
  slackDate,
} from './blocks.js';
import { type ChartImage, chartBlock } from './chart-block.js';
import { buildStatsErrorMessage } from './error-messages.js';
import { formatCount, formatCountOf, formatPercent, formatRate } from './format.js';
import { formatDuration, formatInstant } from './format-time.js';
import { type HomeDigest, homeDigestBlocks } from './home-digests.js';
import { incidentButtons } from './home-incidents.js';
import { newRuleBlock, originLine, type RuleOrigin, ruleSection } from './home-rules.js';
import { MAX_HEADER_TEXT, MAX_SECTION_TEXT } from './limits.js';
import type { Block } from './message.js';
import { mrkdwnLink, shownValue, truncateText } from './mrkdwn.js';
import { sparkline } from './sparkline.js';
import { topSourcesSection } from './stats-sections.js';

/**
 * The bot's App Home tab (`views.publish`): incidents firing now, linked to their threads; every
 * alert rule with its state (the lines of `/exec-stats alerts`, with absolute times); the digests of each channel with
 * their next run; the last 24 hours at a glance. Pure: data in, a view out, the clock passed in.
 *
 * Within Slack's view limits whatever the data: at most 100 blocks, each text within its own
 * limit. Long lists show their most important part ("…and N more" with a short summary): firing
 * rules before pending before ok ones; the digests in channel order.
 */

/** Slack's limit of blocks in a view (a message has 50). */
export const MAX_VIEW_BLOCKS = 100;
/** Incidents listed by name; more are counted. */
export const HOME_INCIDENTS_SHOWN = 20;
/** Rules shown with their state, one section each; more are summed up. */
export const HOME_RULES_SHOWN = 25;
/** Incidents shown with their Acknowledge and Mute buttons (two blocks each); later ones as lines. */
export const HOME_INCIDENT_ROWS = 5;
export { HOME_DIGESTS_SHOWN, type HomeDigest } from './home-digests.js';

/** Where an incident's root message is, so the tab can link its thread. */
export interface IncidentThread {
  readonly channel: string;
  readonly ts: string;
}

export type HomeSummary =
  /** `charts`: the last 24 hours drawn in each reader's zone, by zone (charts on, uploaded). */
  | { readonly ok: true; readonly stats: Stats; readonly charts?: ReadonlyMap<string, ChartImage> }
  | { readonly ok: false; readonly error: unknown };

export interface HomeViewData {
  /** Every configured rule, in config order. */
  readonly rules: readonly AlertRuleConfig[];
  readonly states: ReadonlyMap<string, RuleState>;
  /** Notifications Slack refused until someone acts, shown under their rule. */
  readonly held?: readonly HeldNotice[];
  /** Each open incident's root message, by rule name (absent: not posted, e.g. muted). */
  readonly threads: ReadonlyMap<string, IncidentThread>;
  /** Where each rule comes from (absent: the YAML file). */
  readonly ruleOrigins?: ReadonlyMap<string, RuleOrigin>;
  readonly digests: readonly HomeDigest[];
  /** The last 24 hours (hourly), or why it could not be read. */
  readonly summary: HomeSummary;
}

export interface HomeViewOptions {
  readonly now: number;
  /** The reader's zone, for times clients cannot show in their own (fallbacks, next runs). */
  readonly timeZone: string;
  /** The reader may make, edit and delete rules (an admin): "New rule", and Edit / Delete. */
  readonly canChangeRules?: boolean;
}

export interface HomeView {
  readonly type: 'home';
  readonly blocks: Block[];
}

/** The context line at the bottom ("Published …"), left out of what counts as a change. */
export const HOME_FOOTER_BLOCK_ID = 'home_footer';

export function buildHomeView(data: HomeViewData, options: HomeViewOptions): HomeView {
  const blocks: Block[] = [
    headerBlock('exec-stats'),
    contextBlock([
      'Incidents, alert rules, digests and the last 24 hours. This page updates itself while you have it open.',
    ]),
    dividerBlock(),
    ...incidentBlocks(data, options),
    dividerBlock(),
    ...ruleBlocks(data, options),
    dividerBlock(),
    ...homeDigestBlocks(data.digests, options),
    dividerBlock(),
    ...summaryBlocks(data.summary, options.timeZone),
  ];
  const footer: Block = {
    ...contextBlock([
      `Published ${slackDate(options.now, '{date_short_pretty} {time}', formatInstant(options.now, options.timeZone, options.now))} · \`/exec-stats help\` for the commands`,
    ]),
    block_id: HOME_FOOTER_BLOCK_ID,
  };
  return { type: 'home', blocks: fitView([...blocks, footer]) };
}

// ─── Incidents ────────────────────────────────────────────────────────────────

const SLACK_ID = /^[A-Z0-9]{2,40}$/;
const MESSAGE_TS = /^\d{1,12}\.\d{1,9}$/;

/** `https://slack.com/archives/<channel>/p<ts without the dot>`, or null for odd values. */
export function threadUrl(thread: IncidentThread): string | null {
  if (!SLACK_ID.test(thread.channel) || !MESSAGE_TS.test(thread.ts)) return null;
  return `https://slack.com/archives/${thread.channel}/p${thread.ts.replace('.', '')}`;
}

/** `<#C123>` for a channel ID; anything else shown as text, so it cannot form markup. */
function channelRef(channel: string): string {
  return SLACK_ID.test(channel) ? `<#${channel}>` : shownValue(channel, 80);
}

function incidentBlocks(data: HomeViewData, options: HomeViewOptions): Block[] {
  const when = (ms: number) =>
    slackDate(ms, '{date_short_pretty} {time}', formatInstant(ms, options.timeZone, options.now));
  const open = data.rules.flatMap((rule) => {
    const state = data.states.get(rule.name);
    const incident = state?.incident;
    if (state === undefined || incident === null || incident === undefined) return [];
    return [{ rule, state, incident }];
  });
  if (open.length === 0) {
    return [sectionBlock('*Firing now*\n✅ Nothing is firing.')];
  }
  const lines = open.slice(0, HOME_INCIDENTS_SHOWN).map(({ rule, state, incident }) => {
    const name = shownValue(rule.name, 80);
    const thread = data.threads.get(rule.name);
    const url = thread === undefined ? null : threadUrl(thread);
    const title = url === null ? `*${name}*` : `*${mrkdwnLink(url, rule.name, 80)}*`;
    const firing = Object.entries(state.subjects)
      .filter(([, s]) => s.status === 'firing')
      .map(([subject]) => subject);
    const subjects = (firing.length > 0 ? firing : incident.subjects)
      .filter((subject) => subject !== OVERALL || rule.sources !== null)
      .slice(0, 5)
      .map((subject) => subjectName(subject, rule.sources));
    const more = firing.length > 5 ? ` +${firing.length - 5}` : '';
    const parts = [
      `🚨 ${title}${subjects.length > 0 ? ` (${subjects.join(', ')}${more})` : ''}`,
      `since ${when(incident.openedAt)}`,
      thread === undefined
        ? `not posted yet in ${channelRef(rule.channel)}`
        : channelRef(thread.channel),
    ];
    if (incident.acknowledgedBy !== null)
      parts.push(`acknowledged by ${userMention(incident.acknowledgedBy)}`);
    const mute = latestMute(state, options.now);
    if (mute !== null) parts.push(`🔕 muted until ${when(mute.until)} by ${userMention(mute.by)}`);
    return `• ${parts.join(' · ')}`;
  });
  if (open.length > HOME_INCIDENTS_SHOWN)
    lines.push(`…and ${formatCountOf(open.length - HOME_INCIDENTS_SHOWN, 'more incident')}`);
  // The first few each with the alert message's own Acknowledge and Mute buttons (same action
  // IDs, same handlers, checked the same way); the rest as lines.
  const rows = open
    .slice(0, HOME_INCIDENT_ROWS)
    .flatMap(({ rule, incident }, index) => [
      sectionBlock(lines[index] ?? ''),
      incidentButtons(rule.name, incident.id, incident.acknowledgedBy !== null),
    ]);
  const rest = lines.slice(Math.min(open.length, HOME_INCIDENT_ROWS));
  return [
    sectionBlock(`*Firing now* (${formatCount(open.length)})`),
    ...rows,
    ...pack(rest, MAX_SECTION_TEXT).map(sectionBlock),
  ];
}

function latestMute(state: RuleState, now: number): { until: number; by: string } | null {
  let latest: { until: number; by: string } | null = null;
  for (const mute of Object.values(state.mutes)) {
    if (mute.until > now && (latest === null || mute.until > latest.until)) latest = mute;
  }
  return latest;
}

// ─── Rules ────────────────────────────────────────────────────────────────────

const SUBJECTS_SHOWN = 5;

/**
 * A rule as `/exec-stats alerts` shows it (state, since when, rate per subject, mutes, held
 * notices, who acknowledged), with absolute times only: no "for 12m 5s" that would change the page
 * every minute while nothing else did.
 */
function ruleText(
  rule: AlertRuleConfig,
  state: RuleState | undefined,
  held: readonly HeldNotice[],
  options: HomeViewOptions,
): string {
  const when = (ms: number) =>
    slackDate(ms, '{date_short_pretty} {time}', formatInstant(ms, options.timeZone, options.now));
  const rank = (s: SubjectState) => (s.status === 'firing' ? 2 : s.status === 'pending' ? 1 : 0);
  const subjects = Object.entries(state?.subjects ?? {}).sort(
    ([, a], [, b]) => rank(b) - rank(a) || (b.last?.rate ?? 0) - (a.last?.rate ?? 0),
  );
  const head = ['✅ ok', '⏳ pending', '🚨 firing'][ruleRank(state)];
  const lines = subjects.slice(0, SUBJECTS_SHOWN).map(([name, s]) => {
    const rate =
      s.last === null
        ? 'n/a'
        : `${formatPercent(s.last.rate)} (${s.last.failed}/${s.last.terminal})`;
    const since =
      s.status === 'firing' && s.firingSince !== null ? ` since ${when(s.firingSince)}` : '';
    return `• ${subjectName(name, rule.sources)}: ${s.status}${since}, ${rate}`;
  });
  if (subjects.length > SUBJECTS_SHOWN)
    lines.push(`…and ${formatCountOf(subjects.length - SUBJECTS_SHOWN, 'more source')}`);
  if (subjects.length === 0) lines.push('• not evaluated yet, or no executions in its window');
  const mutes = Object.entries(state?.mutes ?? {}).filter(([, m]) => m.until > options.now);
  for (const [name, m] of mutes.slice(0, SUBJECTS_SHOWN)) {
    lines.push(
      `• 🔕 ${name === OVERALL ? 'muted' : `${subjectName(name)} muted`} until ${when(m.until)} by ${userMention(m.by)}`,
    );
  }
  if (mutes.length > SUBJECTS_SHOWN)
    lines.push(`…and ${formatCountOf(mutes.length - SUBJECTS_SHOWN, 'more mute')}`);
  const mine = held.filter((h) => h.rule === rule.name);
  for (const channel of new Set(mine.map((h) => h.channel))) {
    const first = mine.find((h) => h.channel === channel) as HeldNotice;
    lines.push(`• ⚠️ ${heldLine(first)} (since ${when(first.since)})`);
  }
  if (state?.incident?.acknowledgedBy)
    lines.push(`• acknowledged by ${userMention(state.incident.acknowledgedBy)}`);
  const title = `*${shownValue(rule.name, 80)}* · ${head} · ${rule.scope}, window ${formatDuration(rule.windowMs)}, fires at ≥ ${formatPercent(rule.failureRate)}`;
  return [title, ...lines].join('\n');
}

function ruleRank(state: RuleState | undefined): number {
  const statuses = Object.values(state?.subjects ?? {}).map((s) => s.status);
  return statuses.includes('firing') ? 2 : statuses.includes('pending') ? 1 : 0;
}

function ruleBlocks(data: HomeViewData, options: HomeViewOptions): Block[] {
  const controls = options.canChangeRules === true ? [newRuleBlock()] : [];
  if (data.rules.length === 0) {
    return [
      sectionBlock(
        '*Alert rules*\nNo alert rules are configured. Admins make them here with "New rule", or in the `alerts` section of the config file; see `exec-stats.example.yml`.',
      ),
      ...controls,
    ];
  }
  // Firing rules first, then pending ones, then the rest; config order within each.
  const ranked = data.rules
    .map((rule, index) => ({ rule, index, rank: ruleRank(data.states.get(rule.name)) }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index);
  const shown = ranked.slice(0, HOME_RULES_SHOWN);
  const sections = shown.map(({ rule }) => {
    const origin = data.ruleOrigins?.get(rule.name);
    const text = ruleText(rule, data.states.get(rule.name), data.held ?? [], options);
    const editable = options.canChangeRules === true && origin?.origin === 'slack';
    // Right under the title, so a long rule clamped to Slack's limit still says where it is from.
    const [title, ...rest] = text.split('\n');
    const shownText = [title, originLine(origin, options), ...rest].join('\n');
    return ruleSection(shownText, rule.name, editable);
  });
  const header = headerBlock(`Alert rules (${formatCount(data.rules.length)})`);
  const blocks = [header, ...controls, ...sections];
  const rest = ranked.slice(HOME_RULES_SHOWN);
  if (rest.length > 0) {
    const count = (rank: number) => rest.filter((r) => r.rank === rank).length;
    const parts = [
      count(2) > 0 ? `${formatCount(count(2))} firing` : null,
      count(1) > 0 ? `${formatCount(count(1))} pending` : null,
      count(0) > 0 ? `${formatCount(count(0))} ok` : null,
    ].filter((part) => part !== null);
    blocks.push(
      sectionBlock(
        `…and ${formatCountOf(rest.length, 'more rule')}: ${parts.join(', ')}. \`/exec-stats alerts\` lists every rule.`,
      ),
    );
  }
  return blocks;
}

// ─── Digests (home-digests.ts) ───────────────────────────────────────────────

// ─── Last 24 hours ────────────────────────────────────────────────────────────

function summaryBlocks(summary: HomeSummary, timeZone: string): Block[] {
  const header = headerBlock('Last 24 hours');
  if (!summary.ok) {
    // The same words as a failed `/exec-stats`: what went wrong, what to do, the requestId.
    return [header, ...buildStatsErrorMessage(summary.error, 'the last 24 hours').blocks];
  }
  const { stats } = summary;
  const s = stats.summary;
  const blocks: Block[] = [
    header,
    fieldsBlock([
      `*Total*\n${formatCount(s.total)}`,
      `*Failed*\n${formatCount(s.failed)}`,
      `*Success rate*\n${formatRate(s.succeeded, s.terminal)}`,
      `*In progress*\n${formatCount(s.inProgress)}`,
    ]),
  ];
  const failedPerHour = stats.timeSeries.map((bucket) => bucket.failed);
  const chart = summary.charts?.get(timeZone);
  if (chart !== undefined)
    blocks.push(chartBlock(chart)); // the picture says what the bars would
  else if (failedPerHour.some((n) => n > 0))
    blocks.push(sectionBlock(`Failed per hour \`${sparkline(failedPerHour, 36)}\``));
  const top = topSourcesSection(stats);
  blocks.push(top ?? sectionBlock('No source system had a failed execution.'));
  return blocks;
}

// ─── Limits ───────────────────────────────────────────────────────────────────

/**
 * The last guard: every text within its block's limit, and at most MAX_VIEW_BLOCKS blocks (the
 * builders above stay far below it; the footer is kept).
 */
function fitView(blocks: readonly Block[]): Block[] {
  const clamped = blocks.map(clampTexts);
  if (clamped.length <= MAX_VIEW_BLOCKS) return clamped;
  const footer = clamped[clamped.length - 1] as Block;
  const kept = clamped.slice(0, MAX_VIEW_BLOCKS - 2);
  const dropped = clamped.length - 1 - kept.length;
  return [...kept, sectionBlock(`…and ${formatCountOf(dropped, 'more block')} not shown.`), footer];
}

function clampTexts(block: Block): Block {
  if (block.type === 'header' && block.text.text.length > MAX_HEADER_TEXT)
    return {
      ...block,
      text: { ...block.text, text: truncateText(block.text.text, MAX_HEADER_TEXT) },
    };
  if (
    block.type === 'section' &&
    block.text !== undefined &&
    block.text.text.length > MAX_SECTION_TEXT
  )
    return {
      ...block,
      text: { ...block.text, text: truncateText(block.text.text, MAX_SECTION_TEXT) },
    };
  return block;
}
