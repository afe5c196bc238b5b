import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

  const defaults: Record<string, WebApiHandler> = {
    'auth.test': () => ({ body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' } }),
    'users.info': (args) => {
      const user = String(args.user);
      const tz = userTimeZones.get(user);
      return { body: { ok: true, user: { id: user, ...(tz === undefined ? {} : { tz }) } } };
    },
    'chat.postMessage': (args) => ({
      body: {
        ok: true,
        channel: args.channel,
        ts: `1700000000.${String(++tsCounter).padStart(6, '0')}`,
      },
    }),
    'chat.update': (args) => ({ body: { ok: true, channel: args.channel, ts: args.ts } }),
  };

  const server = createServer(async (req, res) => {
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
    const reply = handlers.get(method)?.(args, call) ??
      defaults[method]?.(args, call) ?? { body: { ok: false, error: 'unknown_method' } };
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body ?? { ok: true }));
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
