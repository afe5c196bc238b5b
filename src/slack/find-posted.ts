/**
 * Finds a message the bot posted with metadata {event_type: 'exec_stats_post', event_payload:
 * {key}} in a channel (or a thread) since a given time. Reading history needs `channels:history`
 * and `groups:history` (manifest.yml), and `include_all_metadata` to see the metadata.
 */

export interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export interface HistoryPage {
  messages?: HistoryMessage[];
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

export interface HistoryClient {
  conversations: {
    history(args: {
      channel: string;
      oldest: string;
      include_all_metadata: boolean;
      limit: number;
      cursor?: string;
    }): Promise<HistoryPage>;
    replies(args: {
      channel: string;
      ts: string;
      oldest: string;
      include_all_metadata: boolean;
      limit: number;
      cursor?: string;
    }): Promise<HistoryPage>;
  };
}

export interface FindPostedQuery {
  readonly key: string;
  readonly channel: string;
  /** When the post was recorded (Unix ms); the search starts a minute before, for clock skew. */
  readonly since: number;
  readonly threadTs?: string;
}

/** Pages read at most (200 messages each): a busy channel cannot make a restart crawl forever. */
const MAX_PAGES = 5;
const PAGE_SIZE = 200;

/** The ts of the message, null when it is not there; throws when the history cannot be read. */
export async function findPostedMessage(
  client: HistoryClient,
  query: FindPostedQuery,
): Promise<string | null> {
  const oldest = ((query.since - 60_000) / 1000).toFixed(6);
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const args = {
      channel: query.channel,
      oldest,
      include_all_metadata: true,
      limit: PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    };
    const result =
      query.threadTs === undefined
        ? await client.conversations.history(args)
        : await client.conversations.replies({ ...args, ts: query.threadTs });
    const found = (result.messages ?? []).find(
      (m) =>
        m.metadata?.event_type === 'exec_stats_post' && m.metadata.event_payload?.key === query.key,
    );
    if (found?.ts !== undefined) return found.ts;
    cursor = result.response_metadata?.next_cursor;
    if (result.has_more !== true || cursor === undefined || cursor === '') return null;
  }
  return null;
}
