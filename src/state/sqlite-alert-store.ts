import type { Database } from 'better-sqlite3';
import type { ApiHealth } from '../alerts/api-health.js';
import { type RuleStateWrite, ruleStateOf, ruleStateWrite } from '../alerts/source-state-diff.js';
import type { AlertStore, IncidentMessage, PendingNotification } from '../alerts/store.js';
import type { AlertNotification } from '../alerts/types.js';
import type { RuleState, SubjectState } from '../messages/alert-view.js';
import { incidentMessageOf, type OutboxRow, pendingNotificationOf } from './rows.js';

/**
 * The AlertStore on the state DB (schema in migrations/002-alerts.ts, 003-held-notifications.ts,
 * 006-subject-states.ts). State and its notifications are written in one transaction, which is
 * what makes the outbox trustworthy. A rule's state is written whole into its row, or its head
 * there and a row per subject, of which a save writes those that changed: whichever costs less
 * (alerts/source-state-diff.ts).
 * Values are the engine's JSON; `now` only stamps rows for people reading the DB.
 */
export function createSqliteAlertStore(db: Database, now: () => number = Date.now): AlertStore {
  const selectHead = db.prepare<[string], { state: string }>(
    'SELECT state FROM alert_rule_states WHERE rule = ?',
  );
  const selectAllHeads = db.prepare<[], { rule: string; state: string }>(
    'SELECT rule, state FROM alert_rule_states ORDER BY rule',
  );
  const selectSubjects = db.prepare<[string], { subject: string; state: string }>(
    'SELECT subject, state FROM alert_subject_states WHERE rule = ? ORDER BY subject',
  );
  const selectAllSubjects = db.prepare<[], { rule: string; subject: string; state: string }>(
    'SELECT rule, subject, state FROM alert_subject_states ORDER BY rule, subject',
  );
  const upsertHead = db.prepare<[string, string, number]>(
    `INSERT INTO alert_rule_states (rule, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (rule) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
  const upsertSubject = db.prepare<[string, string, string, number]>(
    `INSERT INTO alert_subject_states (rule, subject, state, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (rule, subject) DO UPDATE SET state = excluded.state,
       updated_at = excluded.updated_at`,
  );
  const deleteSubject = db.prepare<[string, string]>(
    'DELETE FROM alert_subject_states WHERE rule = ? AND subject = ?',
  );
  const deleteSubjects = db.prepare<[string]>('DELETE FROM alert_subject_states WHERE rule = ?');
  const selectInRows = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM alert_subject_states WHERE rule = ? LIMIT 1',
  );
  const insertOutbox = db.prepare<[string, string | null, string, number]>(
    'INSERT OR IGNORE INTO alert_outbox (key, rule, notification, created_at) VALUES (?, ?, ?, ?)',
  );
  const selectOutbox = db.prepare<[], OutboxRow>(
    'SELECT id, rule, notification, held_reason, held_at FROM alert_outbox ORDER BY id',
  );
  const holdOutbox = db.prepare<[string, number, number]>(
    'UPDATE alert_outbox SET held_reason = ?, held_at = ? WHERE id = ?',
  );
  const deleteOutbox = db.prepare<[number]>('DELETE FROM alert_outbox WHERE id = ?');
  const selectMessage = db.prepare<[string, string], { channel: string; ts: string; view: string }>(
    'SELECT channel, ts, view FROM alert_incident_messages WHERE rule = ? AND incident_id = ?',
  );
  const upsertMessage = db.prepare<[string, string, string, string, string, number]>(
    `INSERT INTO alert_incident_messages (rule, incident_id, channel, ts, view, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (rule, incident_id) DO UPDATE SET channel = excluded.channel, ts = excluded.ts,
       view = excluded.view, updated_at = excluded.updated_at`,
  );
  const selectHealth = db.prepare<[], { health: string }>(
    'SELECT health FROM alert_api_health WHERE id = 1',
  );
  const upsertHealth = db.prepare<[string, number]>(
    `INSERT INTO alert_api_health (id, health, updated_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET health = excluded.health, updated_at = excluded.updated_at`,
  );

  const queue = (rule: string | null, notifications: readonly AlertNotification[]) => {
    for (const n of notifications) insertOutbox.run(n.key, rule, JSON.stringify(n), now());
  };
  const apply = (rule: string, write: RuleStateWrite, inRows: boolean) => {
    const at = now();
    if (write.kind === 'whole') {
      upsertHead.run(rule, write.json, at);
      if (inRows) deleteSubjects.run(rule);
      return;
    }
    upsertHead.run(rule, write.head, at);
    for (const [subject, json] of write.upserts) upsertSubject.run(rule, subject, json, at);
    for (const subject of write.removed) deleteSubject.run(rule, subject);
  };
  // One read transaction, so the head and its subjects are of the same save.
  const loadState = db.transaction((rule: string): RuleState | null => {
    const row = selectHead.get(rule);
    if (row === undefined) return null;
    return ruleStateOf(JSON.parse(row.state) as RuleState, selectSubjects.all(rule).map(subjectOf));
  });
  const loadAllStates = db.transaction((): Map<string, RuleState> => {
    const subjects = new Map<string, [string, SubjectState][]>();
    for (const row of selectAllSubjects.all()) {
      const list = subjects.get(row.rule) ?? [];
      list.push(subjectOf(row));
      subjects.set(row.rule, list);
    }
    return new Map(
      selectAllHeads
        .all()
        .map((row) => [
          row.rule,
          ruleStateOf(JSON.parse(row.state) as RuleState, subjects.get(row.rule) ?? []),
        ]),
    );
  });

  const saveState = db.transaction(
    (
      rule: string,
      state: RuleState,
      notifications: readonly AlertNotification[],
      previous: RuleState | null | undefined,
    ) => {
      const base = previous === undefined ? loadState(rule) : previous;
      const inRows = selectInRows.get(rule) !== undefined;
      apply(rule, ruleStateWrite(base, state, inRows), inRows);
      queue(rule, notifications);
    },
  );
  const saveHealth = db.transaction(
    (health: ApiHealth, notifications: readonly AlertNotification[]) => {
      upsertHealth.run(JSON.stringify(health), now());
      queue(null, notifications);
    },
  );
  return {
    async loadRuleState(rule) {
      return loadState(rule);
    },
    async loadAllRuleStates() {
      return loadAllStates();
    },
    async saveRuleState(rule, state, notifications, previous) {
      saveState(rule, state, notifications, previous);
    },
    async pendingNotifications(): Promise<PendingNotification[]> {
      return selectOutbox.all().map(pendingNotificationOf);
    },
    async completeNotification(id) {
      deleteOutbox.run(id);
    },
    async holdNotification(id, reason, at) {
      holdOutbox.run(reason, at, id);
    },
    async loadIncidentMessage(rule, incidentId): Promise<IncidentMessage | null> {
      const row = selectMessage.get(rule, incidentId);
      if (row === undefined) return null;
      return incidentMessageOf(rule, incidentId, row);
    },
    async saveIncidentMessage(m) {
      upsertMessage.run(m.rule, m.incidentId, m.channel, m.ts, JSON.stringify(m.view), now());
    },
    async loadApiHealth() {
      const row = selectHealth.get();
      return row === undefined ? null : (JSON.parse(row.health) as ApiHealth);
    },
    async saveApiHealth(health, notifications) {
      saveHealth(health, notifications);
    },
  };
}

function subjectOf(row: { subject: string; state: string }): [string, SubjectState] {
  return [row.subject, JSON.parse(row.state) as SubjectState];
}
