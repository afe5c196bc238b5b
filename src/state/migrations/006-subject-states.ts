import type { Migration } from './migration.js';

/**
 * Per-source alert state written incrementally: a rule with many subjects (source systems) of
 * which few changed keeps each subject in a row of `alert_subject_states` and only its own part
 * (incident, mutes, last incident) in `alert_rule_states`, so a cycle writes the subjects that
 * changed (alerts/source-state-diff.ts). A state written whole, as every state before this step
 * was, stays valid as it is: an upgrade keeps every open incident and every subject's history.
 */
export const migration006: Migration = {
  version: 6,
  name: 'subject-states',
  up(db) {
    db.exec(`
      CREATE TABLE alert_subject_states (
        rule TEXT NOT NULL,
        subject TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (rule, subject)
      ) WITHOUT ROWID;
    `);
  },
};
