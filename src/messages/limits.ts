/**
 * Slack's Block Kit limits, the check that lists violations and the guard that enforces them.
 * One import for builders and tests; the parts live in their own files.
 */
export { checkMessageLimits } from './check-limits.js';
export { fitMessage } from './fit-message.js';
export * from './slack-limits.js';
