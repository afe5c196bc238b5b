import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { statsBody } from './stats-body.js';

/**
 * A real HTTP server standing in for the stats API, on 127.0.0.1 and a free port: for the stats
 * client's tests and for the app's end-to-end tests. Every request is recorded in `calls`; a
 * handler decides the answer (status, body, headers, a delay, or a destroyed socket).
 */

export { deleteAt, setAt, statsBody, type WireStatsBody, wireFailure } from './stats-body.js';

export interface StatsServerCall {
  /** The query parameters as numbers (from/to) and text; null when missing or not numeric. */
  readonly query: { from: number | null; to: number | null; granularity: string | null };
  /** Path and query string as received, e.g. `/prefix/v1/executions/stats?from=…`. */
  readonly url: string;
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  /** Date.now() when the request arrived. */
  readonly at: number;
  /** The client's port: equal across calls when a keep-alive connection was reused. */
  readonly remotePort: number | undefined;
}

export interface StatsServerReply {
  /** Default 200. */
  readonly status?: number;
  /**
   * An object is sent as JSON; a string is sent as is (for malformed bodies); a Uint8Array (a
   * Buffer) is sent as these bytes, without serialising anything (for big bodies made once).
   * Default: none.
   */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Wait this long before sending anything (headers included). */
  readonly delayMs?: number;
  /** Send the body in chunks without a content-length header. */
  readonly chunked?: boolean;
  /** Drop the connection instead of answering. */
  readonly destroy?: boolean;
}

export type StatsServerHandler = (
  call: StatsServerCall,
  index: number,
) => StatsServerReply | Promise<StatsServerReply>;

export interface StatsServer {
  /** Base URL to use as STATS_API_URL, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  readonly url: string;
  readonly calls: StatsServerCall[];
  setHandler(handler: StatsServerHandler): void;
  close(): Promise<void>;
}

/** Answers the documented path with `statsBody()` (its granularity taken from the request), else 404. */
export const defaultStatsHandler: StatsServerHandler = (call) => {
  if (!call.url.split('?')[0]?.endsWith('/v1/executions/stats')) {
    return { status: 404, body: { code: 404, message: 'not found', requestId: 'req-404' } };
  }
  const granularity = call.query.granularity === 'daily' ? 'daily' : 'hourly';
  return { body: statsBody({ data: { granularity } }) };
};

export async function startStatsServer(
  handler: StatsServerHandler = defaultStatsHandler,
): Promise<StatsServer> {
  let current = handler;
  const calls: StatsServerCall[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const call: StatsServerCall = {
      query: {
        from: numberParam(url.searchParams.get('from')),
        to: numberParam(url.searchParams.get('to')),
        granularity: url.searchParams.get('granularity'),
      },
      url: req.url ?? '/',
      method: req.method ?? 'GET',
      headers: req.headers,
      at: Date.now(),
      remotePort: req.socket.remotePort,
    };
    const index = calls.push(call) - 1;
    void (async () => {
      try {
        const reply = await current(call, index);
        if (reply.delayMs) await wait(reply.delayMs);
        if (reply.destroy) {
          req.socket.destroy();
          return;
        }
        send(res, reply);
      } catch (error) {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`stats-server handler failed: ${String(error)}`);
        }
      }
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    setHandler(next) {
      current = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, reply: StatsServerReply): void {
  if (res.destroyed) return;
  const payload = reply.body instanceof Uint8Array ? reply.body : Buffer.from(textOf(reply.body));
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    ...reply.headers,
  };
  if (!reply.chunked) headers['content-length'] = String(payload.length);
  res.writeHead(reply.status ?? 200, headers);
  if (!reply.chunked) {
    res.end(payload);
    return;
  }
  const chunkSize = 16 * 1024;
  for (let offset = 0; offset < payload.length; offset += chunkSize) {
    // write() buffers past the high-water mark; test bodies are small enough not to care.
    res.write(payload.subarray(offset, offset + chunkSize));
  }
  res.end();
}

function textOf(body: unknown): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function numberParam(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
