import { migration001 } from './001-digests.js';
import { migration002 } from './002-alerts.js';
import { migration003 } from './003-held-notifications.js';
import { migration004 } from './004-digest-changes.js';
import { migration005 } from './005-alert-rules.js';
import { migration006 } from './006-subject-states.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/**
 * Every schema step, in order. A feature adds its own file (`002-alerts.ts`) and one line here;
 * a step that has shipped is never edited, only followed by a new one.
 */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
];
