import { once } from 'node:events';
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny load balancer on loopback for measurement 8: each request goes to the next upstream in
 * turn, over keep-alive connections. `use` changes the upstreams between rounds, so one proxy
 * serves one replica and three alike. A request whose kept-alive connection the upstream had just
 * closed (it closes idle ones after 5 s) is sent again once on a new one, as a load balancer does;
 * the bodies are a few hundred bytes, held to be sent again.
 */
export interface RoundRobinProxy {
  readonly url: string;
  use(upstreams: readonly string[]): void;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  let targets = upstreams.map((u) => new URL(u));
  let next = 0;

  function forward(
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
    target: URL,
    retry: boolean,
  ) {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (retry && upstream.reusedSocket && !res.headersSent) {
        forward(req, body, res, target, false);
        return;
      }
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  }

  const server = createServer(async (req, res) => {
    const target = targets[next++ % targets.length];
    if (target === undefined) {
      res.writeHead(503).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    forward(req, Buffer.concat(chunks), res, target, true);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    use(list) {
      targets = list.map((u) => new URL(u));
      next = 0;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      agent.destroy();
    },
  };
}
