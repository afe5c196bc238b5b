import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { z } from 'zod';
import { fileSchema } from '../../../src/config/file-schema.js';
import { formatProblems, loadConfig } from '../../../src/config/load-config.js';
import { describeDigestSchedule } from '../../../src/digests/describe-schedule.js';
import { REPO_ROOT } from '../../support/child-process.js';

const EXAMPLE = 'exec-stats.example.yml';
const TEXT = readFileSync(join(REPO_ROOT, EXAMPLE), 'utf8');

/** Every key path the schema knows, list items as `[]`: `alerts.rules[].failureRate`. */
function schemaKeyPaths(schema: z.ZodType, prefix = ''): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return schemaKeyPaths(schema.unwrap() as z.ZodType, prefix);
  }
  if (schema instanceof z.ZodPipe) return schemaKeyPaths(schema.in as z.ZodType, prefix);
  if (schema instanceof z.ZodArray)
    return schemaKeyPaths(schema.element as z.ZodType, `${prefix}[]`);
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, value]) => {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      return [path, ...schemaKeyPaths(value, path)];
    });
  }
  return [];
}

/** Every key path written in the YAML text, with the line of its first occurrence. */
function fileKeyLines(text: string): Map<string, number> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const found = new Map<string, number>();
  const walk = (node: unknown, prefix: string): void => {
    if (isSeq(node)) for (const item of node.items) walk(item, `${prefix}[]`);
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const path = prefix === '' ? String(pair.key.value) : `${prefix}.${String(pair.key.value)}`;
      const offset = (pair.key as Node).range?.[0] ?? 0;
      if (!found.has(path)) found.set(path, lineCounter.linePos(offset).line);
      walk(pair.value, path);
    }
  };
  walk(doc.contents, '');
  return found;
}

describe(EXAMPLE, () => {
  it('is valid for the real config loader, and every digest can be scheduled', () => {
    const result = loadConfig({
      env: {
        SLACK_BOT_TOKEN: 'xoxb-example-not-a-real-token',
        SLACK_SIGNING_SECRET: 'example-signing-secret-not-real',
        EXEC_STATS_SIMULATOR: '1',
        EXEC_STATS_CONFIG: EXAMPLE,
      },
      purpose: 'start',
      cwd: REPO_ROOT,
      dotEnv: false,
      readFile: (path) => readFileSync(path, 'utf8'),
    });
    if (!result.ok) throw new Error(formatProblems(result.problems));
    const { file } = result.config;
    expect(result.config.configPath).toBe(join(REPO_ROOT, EXAMPLE));
    expect(file.digests.length).toBeGreaterThan(0);
    expect(file.alerts?.rules.length).toBeGreaterThan(0);
    // A fixed instant: what check-config prints next, without reading the clock.
    const now = Date.parse('2026-11-29T20:25:00Z');
    for (const digest of file.digests) expect(describeDigestSchedule(digest, now).ok).toBe(true);
  });

  it('sets every key the schema knows, and only those', () => {
    const schemaKeys = schemaKeyPaths(fileSchema);
    // The walk itself must see the nested keys, or the comparison below would prove little.
    expect(schemaKeys).toEqual(
      expect.arrayContaining(['digests[].schedule', 'alerts.rules[].significance']),
    );
    const fileKeys = [...fileKeyLines(TEXT).keys()];
    expect(fileKeys.filter((key) => !schemaKeys.includes(key))).toEqual([]);
    expect(schemaKeys.filter((key) => !fileKeys.includes(key))).toEqual([]);
  });

  it('explains every key where it first appears: a comment on its line or just above', () => {
    const lines = TEXT.split('\n');
    const uncommented = [...fileKeyLines(TEXT)].filter(([, line]) => {
      const own = lines[line - 1] ?? '';
      const above = (lines[line - 2] ?? '').trim();
      return !/\s#\s/.test(own) && !above.startsWith('#');
    });
    expect(uncommented).toEqual([]);
  });
});
