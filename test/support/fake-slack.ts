import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeSlackFiles, type FakeSlackFiles } from './fake-slack-files.js';
import { createFakeSlackViews, type FakeSlackViews } from './fake-slack-views.js';

/** One Web API call as the fake received it: method, arguments (form or JSON, decoded) and token. */
export interface WebApiCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly token: string | null;
  readonly at: number;
}

/** One POST to a `response_url`. */
export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export interface FakeReply {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A message the fake stored, as Slack keeps it: what conversations.history gives back. */
export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly thread_ts?: string;
  readonly metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** One views.publish as the fake took it: whose Home tab, and the view. */
export interface PublishedView {
  readonly userId: string;
  readonly view: { type?: string; blocks?: unknown[]; [key: string]: unknown };
  readonly at: number;
}

/**
 * What Slack can do wrong, per call of a method (`fault`): answer a status (nothing stored), store
 * the message and then answer a 5xx / drop the connection / never answer (the ambiguous cases),
 * drop or hang before storing, answer 429 with Retry-After, or refuse with a platform error.
 */
export type SlackFault =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'stored-then-status'; readonly status: number }
  | { readonly kind: 'drop' }
  | { readonly kind: 'stored-then-drop' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'stored-then-hang' }
  | { readonly kind: 'rate-limited'; readonly retryAfter: number }
  | { readonly kind: 'error'; readonly error: string };

export type WebApiHandler = (
  args: Record<string, unknown>,
  call: WebApiCall,
) => FakeReply | undefined;

export interface FakeSlack {
  /** Base URL for `SLACK_API_URL`, ending in `/api/` as Slack's own does. */
  readonly apiUrl: string;
  readonly calls: WebApiCall[];
  readonly responses: ResponseUrlPost[];
  /** A fresh response_url on this server; posts to it are recorded under `id`. */
  responseUrl(id: string): string;
  /** Time zones `users.info` reports, by user ID (unknown users get no `tz`). */
  readonly userTimeZones: Map<string, string>;
  /** Overrides a Web API method; return undefined to fall back to the default answer. */
  onMethod(method: string, handler: WebApiHandler): void;
  /** Makes the next `count` posts to response URLs fail with `status`. */
  failResponseUrl(status: number, count: number): void;
  /** The next `times` calls of `method` (default 1; Infinity until cleared) meet `fault`. */
  fault(method: string, fault: SlackFault, times?: number): void;
  /** Removes every fault set for `method` (or for every method). */
  clearFaults(method?: string): void;
  /** Messages stored by chat.postMessage, oldest first (history and replies read these). */
  readonly stored: StoredMessage[];
  /** Views published with views.publish (a user's Home tab), oldest first. */
  readonly published: PublishedView[];
  /** The files API (chart uploads): what was uploaded, and its faults. */
  readonly files: FakeSlackFiles;
  /** Modals (views.open/update/push), user roles, user groups, channel members. */
  readonly views: FakeSlackViews;
  /** Resolves when `predicate` holds, checking after every request; rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A fake of Slack's Web API and of its response URLs: a real HTTP server on loopback. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: WebApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const userTimeZones = new Map<string, string>();
  const handlers = new Map<string, WebApiHandler>();
  const waiters = new Set<() => void>();
  let responseFailures: { status: number; count: number } = { status: 0, count: 0 };
  let tsCounter = 0;
  const stored: StoredMessage[] = [];
  const published: PublishedView[] = [];
  let viewCounter = 0;
  const faults = new Map<string, { fault: SlackFault; times: number }[]>();

  const nextFault = (method: string): SlackFault | null => {
    const queue = faults.get(method);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return null;
    head.times -= 1;
    if (head.times <= 0) queue.shift();
    return head.fault;
  };

  // Newest first, as Slack answers. `oldest` is not applied: the fake's ts are not real times.
  const historyOf = (messages: StoredMessage[]) =>
    messages
      .map((m) => ({ ts: m.ts, text: m.text, thread_ts: m.thread_ts, metadata: m.metadata }))
      .reverse();

  const files = createFakeSlackFiles(() => base);
  const defaults: Record<string, WebApiHandler> = {
    ...files.methods,
    'auth.test': () => ({ body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' } }),
    'users.info': (args) => {
      const user = String(args.user);
      const tz = userTimeZones.get(user);
      return { body: { ok: true, user: { id: user, ...(tz === undefined ? {} : { tz }) } } };
    },
    'chat.postMessage': (args) => {
      const ts = `1700000000.${String(++tsCounter).padStart(6, '0')}`;
      stored.push({
        channel: String(args.channel),
        ts,
        text: String(args.text ?? ''),
        ...(args.thread_ts === undefined ? {} : { thread_ts: String(args.thread_ts) }),
        ...(typeof args.metadata === 'object' && args.metadata !== null
          ? { metadata: args.metadata as StoredMessage['metadata'] & object }
          : {}),
      });
      return { body: { ok: true, channel: args.channel, ts } };
    },
    'conversations.history': (args) => ({
      body: {
        ok: true,
        has_more: false,
        messages: historyOf(
          stored.filter((m) => m.channel === args.channel && m.thread_ts === undefined),
        ),
      },
    }),
    'conversations.replies': (args) => ({
      body: {
        ok: true,
        has_more: false,
        messages: historyOf(
          stored.filter(
            (m) => m.channel === args.channel && (m.thread_ts === args.ts || m.ts === args.ts),
          ),
        ),
      },
    }),
    'chat.update': (args) => ({ body: { ok: true, channel: args.channel, ts: args.ts } }),
    'views.publish': (args) => {
      const view = (typeof args.view === 'string' ? safeJson(args.view) : args.view) as
        | PublishedView['view']
        | undefined;
      if (typeof args.user_id !== 'string' || view === undefined || typeof view !== 'object') {
        return { body: { ok: false, error: 'invalid_arguments' } };
      }
      if (view.type !== 'home') return { body: { ok: false, error: 'invalid_arguments' } };
      if ((view.blocks?.length ?? 0) > 100) return { body: { ok: false, error: 'invalid_blocks' } };
      published.push({ userId: args.user_id, view, at: Date.now() });
      const id = `V${String(++viewCounter).padStart(8, '0')}`;
      return { body: { ok: true, view: { id, ...view } } };
    },
  };

  const views = createFakeSlackViews(userTimeZones);
  Object.assign(defaults, views.handlers); // its users.info adds the role flags to the zone

  const server = createServer(async (req, res) => {
    if (await files.receive(req, res)) {
      for (const wake of waiters) wake(); // binary upload bodies are not read as text
      return;
    }
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname.startsWith('/respond/')) {
      handleResponseUrl(url.pathname.slice('/respond/'.length), raw, res);
    } else if (url.pathname.startsWith('/api/')) {
      handleWebApi(url.pathname.slice('/api/'.length), req, raw, res);
    } else {
      res.writeHead(404).end();
    }
    for (const wake of waiters) wake();
  });

  function handleResponseUrl(id: string, raw: string, res: ServerResponse): void {
    if (responseFailures.count > 0) {
      responseFailures = { ...responseFailures, count: responseFailures.count - 1 };
      res.writeHead(responseFailures.status).end('failed');
      return;
    }
    responses.push({ id, body: JSON.parse(raw) as Record<string, unknown>, at: Date.now() });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }

  function handleWebApi(
    method: string,
    req: IncomingMessage,
    raw: string,
    res: ServerResponse,
  ): void {
    const args = decodeArgs(req.headers['content-type'] ?? '', raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : ((args.token as string) ?? null);
    const call: WebApiCall = { method, args, token, at: Date.now() };
    calls.push(call);
    const fault = nextFault(method);
    if (fault !== null && !fault.kind.startsWith('stored-')) {
      answerFault(fault, res);
      return;
    }
    const reply = handlers.get(method)?.(args, call) ??
      defaults[method]?.(args, call) ?? { body: { ok: false, error: 'unknown_method' } };
    if (fault !== null) {
      answerFault(fault, res); // stored (the handler ran), then the answer goes wrong
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body ?? { ok: true }));
  }

  function answerFault(fault: SlackFault, res: ServerResponse): void {
    switch (fault.kind) {
      case 'status':
      case 'stored-then-status':
        res.writeHead(fault.status, { 'content-type': 'text/plain' }).end('upstream failure');
        return;
      case 'drop':
      case 'stored-then-drop':
        res.socket?.destroy();
        return;
      case 'hang':
      case 'stored-then-hang':
        return; // no answer; close() ends the connection
      case 'rate-limited':
        res
          .writeHead(429, {
            'content-type': 'application/json',
            'retry-after': String(fault.retryAfter),
          })
          .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      case 'error':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: false, error: fault.error }));
        return;
    }
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    calls,
    responses,
    userTimeZones,
    responseUrl: (id) => `${base}/respond/${encodeURIComponent(id)}`,
    onMethod: (method, handler) => handlers.set(method, handler),
    failResponseUrl: (status, count) => {
      responseFailures = { status, count };
    },
    fault(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      queue.push({ fault, times });
      faults.set(method, queue);
    },
    clearFaults(method) {
      if (method === undefined) faults.clear();
      else faults.delete(method);
    },
    stored,
    published,
    files,
    views,
    waitFor(predicate, timeoutMs = 10_000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake Slack: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Web API client sends form fields (objects and arrays JSON-encoded) or a JSON body. */
function decodeArgs(contentType: string, raw: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
