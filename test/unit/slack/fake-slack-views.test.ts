import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

/**
 * The fake Slack's modals as the app's tests rely on them, through Slack's own Web API client:
 * a trigger_id is needed to open one, views.update finds a view by id or external_id and refuses
 * a stale hash, and Slack's limits on a view are enforced.
 */
describe('the fake Slack’s views', () => {
  let slack: FakeSlack;
  let client: webApi.WebClient;
  const modal = (overrides: Record<string, unknown> = {}) => ({
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: 'New digest' },
    blocks: [{ type: 'section', block_id: 'a', text: { type: 'mrkdwn', text: 'hi' } }],
    ...overrides,
  });
  const failure = async (call: Promise<unknown>) => {
    try {
      await call;
      return null;
    } catch (error) {
      return (error as { data?: { error?: string } }).data?.error ?? String(error);
    }
  };

  beforeEach(async () => {
    slack = await startFakeSlack();
    client = new webApi.WebClient('xoxb-test', {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
  });
  afterEach(() => slack.close());

  it('opens a view with a trigger_id, updates it by id or external_id, and refuses a stale hash', async () => {
    expect(await failure(client.views.open({ trigger_id: '', view: modal() }))).toBe(
      'invalid_trigger_id',
    );
    const opened = await client.views.open({
      trigger_id: '1.2.abc',
      view: modal({ external_id: 'digest-form-1' }),
    });
    const id = opened.view?.id as string;
    const hash = opened.view?.hash as string;
    expect(slack.views.opened).toMatchObject([{ id, method: 'open', triggerId: '1.2.abc' }]);
    const updated = await client.views.update({
      view_id: id,
      hash,
      view: modal({ title: { type: 'plain_text', text: 'Preview' } }),
    });
    expect(updated.view?.hash).not.toBe(hash);
    expect(await failure(client.views.update({ view_id: id, hash, view: modal() }))).toBe(
      'hash_conflict',
    );
    await client.views.update({ external_id: 'digest-form-1', view: modal() });
    expect(slack.views.updated).toHaveLength(2);
    expect(slack.views.current(id)?.externalId).toBe('digest-form-1');
    expect(await failure(client.views.update({ view_id: 'V0NONE', view: modal() }))).toBe(
      'not_found',
    );
    const pushed = await client.views.push({ trigger_id: '1.2.def', view: modal() });
    expect(slack.views.opened.at(-1)).toMatchObject({ id: pushed.view?.id, method: 'push' });
  });

  it('refuses views beyond Slack’s limits', async () => {
    const open = (view: Record<string, unknown>) =>
      failure(client.views.open({ trigger_id: '1.2.x', view: view as never }));
    expect(await open(modal({ title: { type: 'plain_text', text: 'x'.repeat(25) } }))).toBe(
      'invalid_arguments',
    );
    expect(await open(modal({ private_metadata: 'x'.repeat(3001) }))).toBe('invalid_arguments');
    expect(await open(modal({ callback_id: 'x'.repeat(256) }))).toBe('invalid_arguments');
    expect(
      await open(
        modal({
          blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })),
        }),
      ),
    ).toBe('invalid_arguments');
    expect(
      await open(
        modal({
          blocks: [
            { type: 'divider', block_id: 'same' },
            { type: 'divider', block_id: 'same' },
          ],
        }),
      ),
    ).toBe('invalid_arguments');
    expect(await open(modal())).toBeNull();
  });

  it('answers users.info with role flags and the zone, user groups and channel members as set', async () => {
    slack.userTimeZones.set('U0ALICE', 'Europe/Berlin');
    slack.views.roles.set('U0ALICE', { is_owner: true });
    expect((await client.users.info({ user: 'U0ALICE' })).user).toMatchObject({
      id: 'U0ALICE',
      tz: 'Europe/Berlin',
      is_admin: false,
      is_owner: true,
      is_primary_owner: false,
    });
    slack.views.groupMembers.set('S0OPS', ['U0BOB']);
    expect((await client.usergroups.users.list({ usergroup: 'S0OPS' })).users).toEqual(['U0BOB']);
    expect(await failure(client.usergroups.users.list({ usergroup: 'S0NONE' }))).toBe(
      'no_such_subteam',
    );
    slack.views.channelMembers.set('C0OPS', ['U1', 'U2', 'U3']);
    const first = await client.conversations.members({ channel: 'C0OPS', limit: 2 });
    expect(first.members).toEqual(['U1', 'U2']);
    const cursor = first.response_metadata?.next_cursor as string;
    expect(
      (await client.conversations.members({ channel: 'C0OPS', limit: 2, cursor })).members,
    ).toEqual(['U3']);
    expect((await client.conversations.members({ channel: 'C0UNSET' })).members).toContain(
      'U0ALICE',
    );
    slack.views.unknownChannels = 'not-found';
    expect(await failure(client.conversations.members({ channel: 'C0UNSET' }))).toBe(
      'channel_not_found',
    );
  });
});
