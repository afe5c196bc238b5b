import { once } from 'node:events';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny load balancer on loopback for measurement 8: each request goes to the next upstream in
 * turn, over keep-alive connections, its body and answer streamed through. `use` changes the
 * upstreams between rounds, so one proxy serves one replica and three alike.
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
  const server = createServer((req, res) => {
    const target = targets[next++ % targets.length];
    if (target === undefined) {
      res.writeHead(503).end();
      return;
    }
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
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
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
