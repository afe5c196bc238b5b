import { describe, expect, it } from 'vitest';
import {
  originLine,
  readRuleMenuValue,
  ruleMenuValue,
  ruleSection,
} from '../../../src/messages/home-rules.js';
import { buildDeleteRuleModal } from '../../../src/messages/rule-delete-modal.js';
import {
  buildRuleModal,
  NEW_RULE_VALUES,
  RULE_FIELDS,
  readRuleModalMetadata,
} from '../../../src/messages/rule-modal.js';
import { previewText } from '../../../src/messages/rule-preview-text.js';

const blockIds = (blocks: readonly { block_id?: string }[]) => blocks.map((b) => b.block_id);

describe('the rule modal, as data', () => {
  it('has one input block per field, keyed as its errors are', () => {
    const view = buildRuleModal({
      metadata: { mode: 'create', name: null, channel: 'C0OPS00001' },
      values: NEW_RULE_VALUES,
      knownSources: ['billing', 'shipping'],
      preview: null,
    });
    expect(view.callback_id).toBe('exec_stats_rule_modal');
    expect(readRuleModalMetadata(view.private_metadata)).toEqual({
      mode: 'create',
      name: null,
      channel: 'C0OPS00001',
    });
    const ids = blockIds(view.blocks as { block_id?: string }[]);
    for (const id of Object.values(RULE_FIELDS)) expect(ids).toContain(id);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('"type":"multi_static_select"');
    expect(text).toContain('"initial_conversation":"C0OPS00001"');
    expect(text).toContain('"action_id":"exec_stats_rule_preview"');
    expect((view.title as { text: string }).text.length).toBeLessThanOrEqual(24);
  });

  it('offers at most 100 sources (the rule own ones first) and a text field when none are known', () => {
    const many = Array.from({ length: 250 }, (_, i) => `source-${i}`);
    const view = buildRuleModal({
      metadata: { mode: 'edit', name: 'r', channel: null },
      values: { ...NEW_RULE_VALUES, name: 'r', scope: 'chosen', sources: ['source-249'] },
      knownSources: many,
      preview: null,
    });
    const sources = (
      view.blocks as { block_id?: string; element?: Record<string, unknown> }[]
    ).find((b) => b.block_id === RULE_FIELDS.sources);
    const options = sources?.element?.options as { value: string }[];
    expect(options).toHaveLength(100);
    expect(options[0]?.value).toBe('source-249');
    expect(sources?.element?.initial_options).toEqual([options[0]]);
    // Editing: the name is shown, not an input.
    expect(blockIds(view.blocks as { block_id?: string }[])).not.toContain(RULE_FIELDS.name);

    const none = buildRuleModal({
      metadata: { mode: 'create', name: null, channel: null },
      values: NEW_RULE_VALUES,
      knownSources: [],
      preview: null,
    });
    expect(JSON.stringify(none.blocks)).toContain('Names separated by commas');
  });

  it('shows the preview at the bottom with the resolution note', () => {
    const text = previewText({
      firings: [{ at: 'Fri 27 Nov 15:00', subjects: 'billing' }],
      more: 0,
      hoursFiring: 3,
      zone: 'Europe/Berlin',
    });
    expect(text).toBe(
      '*Over the last 7 days this rule would have fired 1 time.* Times in Europe/Berlin; firing for 3 h in all:\n• Fri 27 Nov 15:00 (billing)',
    );
    expect(previewText({ firings: [], more: 0, hoursFiring: 0, zone: 'UTC' })).toContain(
      'would have fired 0 times',
    );
    const view = buildRuleModal({
      metadata: { mode: 'create', name: null, channel: null },
      values: NEW_RULE_VALUES,
      knownSources: [],
      preview: text,
    });
    const last = JSON.stringify(view.blocks.slice(-2));
    expect(last).toContain('rule_preview_result');
    expect(last).toContain('Hourly buckets');
  });

  it('offers the baseline and renotify as optional fields: 24h for a new rule, a stored rule’s own values when editing', () => {
    const input = (view: ReturnType<typeof buildRuleModal>, id: string) =>
      (view.blocks as { block_id?: string; optional?: boolean; element?: unknown }[]).find(
        (b) => b.block_id === id,
      );
    const fresh = buildRuleModal({
      metadata: { mode: 'create', name: null, channel: null },
      values: NEW_RULE_VALUES,
      knownSources: [],
      preview: null,
    });
    expect(input(fresh, 'rule_baseline_window')).toMatchObject({
      optional: true,
      element: { initial_value: '24h' },
    });
    for (const id of ['rule_baseline_factor', 'rule_significance', 'rule_renotify']) {
      expect(input(fresh, id)?.optional).toBe(true);
      expect(input(fresh, id)?.element).not.toHaveProperty('initial_value');
    }
    // The hints say the defaults the YAML file gives an empty field.
    const text = JSON.stringify(fresh.blocks);
    expect(text).toContain('Default 1.');
    expect(text).toContain('Default 0.0001.');
    expect(text).toContain('Default 1h.');

    const edited = buildRuleModal({
      metadata: { mode: 'edit', name: 'r', channel: null },
      values: {
        ...NEW_RULE_VALUES,
        name: 'r',
        baselineWindow: '',
        baselineFactor: '',
        significance: '',
        renotify: '2h',
      },
      knownSources: [],
      preview: null,
    });
    // A stored rule without a baseline is shown without one (an edit never adds one unasked).
    expect(input(edited, 'rule_baseline_window')?.element).not.toHaveProperty('initial_value');
    expect(input(edited, 'rule_renotify')).toMatchObject({ element: { initial_value: '2h' } });
    const stored = buildRuleModal({
      metadata: { mode: 'edit', name: 'r', channel: null },
      values: {
        ...NEW_RULE_VALUES,
        name: 'r',
        baselineWindow: '7d',
        baselineFactor: '3',
        significance: '0.001',
      },
      knownSources: [],
      preview: null,
    });
    expect(input(stored, 'rule_baseline_window')).toMatchObject({
      element: { initial_value: '7d' },
    });
    expect(input(stored, 'rule_baseline_factor')).toMatchObject({
      element: { initial_value: '3' },
    });
    expect(input(stored, 'rule_significance')).toMatchObject({
      element: { initial_value: '0.001' },
    });
  });

  it('stays within Slack’s limits with every field, 100 sources and a preview', () => {
    const view = buildRuleModal({
      metadata: { mode: 'create', name: null, channel: null },
      values: NEW_RULE_VALUES,
      knownSources: Array.from({ length: 250 }, (_, i) => `source-${i}`),
      preview: 'x'.repeat(2900),
    });
    const blocks = view.blocks as {
      label?: { text: string };
      hint?: { text: string };
      element?: { placeholder?: { text: string } };
    }[];
    expect(blocks.length).toBeLessThanOrEqual(100);
    for (const b of blocks) {
      expect(b.label?.text.length ?? 0).toBeLessThanOrEqual(2000);
      expect(b.hint?.text.length ?? 0).toBeLessThanOrEqual(2000);
      expect(b.element?.placeholder?.text.length ?? 0).toBeLessThanOrEqual(150);
    }
  });

  it('says which baseline the preview compared with, and when it used only part of it', () => {
    const base = { firings: [], more: 0, hoursFiring: 0, zone: 'UTC' };
    expect(previewText({ ...base, baseline: { hours: 24, capped: false } })).toContain(
      'Compared with the usual rate of the 1 d before each window.',
    );
    expect(previewText({ ...base, baseline: { hours: 168, capped: true } })).toContain(
      'of the 7 d before each window only',
    );
    expect(previewText({ ...base, baseline: { hours: 36, capped: false } })).toContain('36 h');
    expect(previewText(base)).not.toContain('usual rate');
  });

  it('asks before deleting, in its own modal', () => {
    const view = buildDeleteRuleModal('billing-spike');
    expect(view.callback_id).toBe('exec_stats_rule_delete');
    expect(JSON.stringify(view.blocks)).toContain('Delete *billing-spike*?');
  });
});

describe('the Home tab rule rows', () => {
  const options = { now: Date.parse('2026-11-30T10:05:00Z'), timeZone: 'UTC' };
  it('says where a rule comes from, and who changed a Slack-made one (Slack shows "5 minutes ago")', () => {
    expect(originLine({ origin: 'config' }, options)).toBe(
      '_from exec-stats.yml (read-only here)_',
    );
    expect(
      originLine(
        { origin: 'slack', changedBy: 'U0ADMIN001', changedAt: Date.parse('2026-11-30T10:00:00Z') },
        options,
      ),
    ).toBe('_made in Slack · changed by <@U0ADMIN001> <!date^1796032800^{ago}|Mon 30 Nov 10:00>_');
  });

  it('puts the Edit / Delete menu only on rules the reader may change', () => {
    const editable = ruleSection('text', 'a:b', true) as {
      accessory?: { options: { value: string }[] };
    };
    expect(editable.accessory?.options.map((o) => readRuleMenuValue(o.value))).toEqual([
      { verb: 'edit', name: 'a:b' },
      { verb: 'delete', name: 'a:b' },
    ]);
    expect(ruleSection('text', 'a', false)).not.toHaveProperty('accessory');
    expect(readRuleMenuValue(ruleMenuValue('edit', 'x'))).toEqual({ verb: 'edit', name: 'x' });
    expect(readRuleMenuValue('nonsense')).toBeNull();
  });
});
