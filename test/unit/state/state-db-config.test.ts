import { describe, expect, it } from 'vitest';
import { describeStateDb, stateDbLocation } from '../../../src/config/config.js';
import { formatProblems, loadConfig } from '../../../src/config/load-config.js';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdefghijklmnopqrstuvwx',
  SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
  STATS_API_URL: 'https://stats.example.com/',
  STATS_API_TOKEN: 'stats-token-very-secret-value-42',
};

function load(db: string) {
  return loadConfig({
    env: { ...ENV, EXEC_STATS_DB: db },
    purpose: 'start',
    readFile: () => null,
    cwd: '/srv/bot',
  });
}

function problemsOf(db: string): string {
  const result = load(db);
  if (result.ok) throw new Error(`${db} was accepted`);
  return formatProblems(result.problems);
}

describe('EXEC_STATS_DB: which database', () => {
  it('takes a path or :memory: for SQLite, and a postgres:// or postgresql:// URL for PostgreSQL', () => {
    expect(stateDbLocation('./data/exec-stats.db')).toEqual({
      kind: 'sqlite',
      path: './data/exec-stats.db',
    });
    expect(stateDbLocation(':memory:').kind).toBe('sqlite');
    expect(stateDbLocation('C:\\bot\\state.db').kind).toBe('sqlite');
    expect(stateDbLocation('postgres://bot@db:5432/exec_stats')).toEqual({
      kind: 'postgres',
      url: 'postgres://bot@db:5432/exec_stats',
    });
    expect(stateDbLocation('PostgreSQL://bot@db/exec_stats').kind).toBe('postgres');
    expect(stateDbLocation('mysql://bot@db/x')).toEqual({ kind: 'unsupported', scheme: 'mysql' });
    expect(stateDbLocation('file:state.db')).toEqual({ kind: 'unsupported', scheme: 'file' });
  });

  it('keeps a PostgreSQL URL as it is (not resolved as a path against the working directory)', () => {
    const result = load('postgresql://bot:s3cret@db.internal:5432/exec_stats?sslmode=require');
    expect(result.ok && result.config.dbPath).toBe(
      'postgresql://bot:s3cret@db.internal:5432/exec_stats?sslmode=require',
    );
    const relative = load('data/state.db');
    expect(relative.ok && relative.config.dbPath).toBe('/srv/bot/data/state.db');
  });

  it('refuses any other URL, naming the key and what to write instead', () => {
    for (const value of ['mysql://bot@db/x', 'http://db:5432/x', 'sqlite://state.db']) {
      const report = problemsOf(value);
      expect(report).toContain('EXEC_STATS_DB');
      expect(report).toMatch(/is not a supported database/);
      expect(report).toMatch(/postgres:\/\//);
    }
    expect(problemsOf('file:state.db')).toMatch(/EXEC_STATS_DB: must be a plain file path/);
  });

  it('refuses a PostgreSQL URL it cannot parse, without repeating its password', () => {
    const report = problemsOf('postgres://bot:p@ss word@db:notaport/x');
    expect(report).toMatch(/EXEC_STATS_DB: is not a valid PostgreSQL URL/);
    expect(report).not.toContain('p@ss');
  });

  it('describes a PostgreSQL URL without its password', () => {
    expect(describeStateDb('postgres://bot:s3cret@db:5432/exec_stats')).toBe(
      'postgres://bot:***@db:5432/exec_stats',
    );
    expect(describeStateDb('postgres://bot@db/exec_stats')).toBe('postgres://bot@db/exec_stats');
    expect(describeStateDb('./data/x.db')).toBe('./data/x.db');
  });
});
