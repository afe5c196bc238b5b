/**
 * Slack's Block Kit limits for messages, as named numbers.
 * Lengths are counted in UTF-16 code units, which is never less than what Slack counts.
 */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_SECTION_FIELDS = 10;
export const MAX_FIELD_TEXT = 2000;
export const MAX_HEADER_TEXT = 150;
export const MAX_CONTEXT_ELEMENTS = 10;
/** Any text object; context elements have no lower limit of their own. */
export const MAX_TEXT_OBJECT = 3000;
export const MAX_ACTIONS_ELEMENTS = 25;
export const MAX_BUTTON_TEXT = 75;
export const MAX_BUTTON_VALUE = 2000;
export const MAX_BUTTON_URL = 3000;
export const MAX_ID_LENGTH = 255;
/** Our budget for text across all blocks: Slack answers `msg_blocks_too_long` near 13k. */
export const MAX_TOTAL_BLOCK_TEXT = 12_000;
/** The top-level `text` (notification fallback); Slack truncates near 40k, we keep it short. */
export const MAX_FALLBACK_TEXT = 4000;
