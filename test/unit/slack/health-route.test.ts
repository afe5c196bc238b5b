import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { healthRoute } from '../../../src/slack/health-route.js';

describe('healthRoute', () => {
  it('answers 200 while healthy and 503 once stopping', async () => {
    let healthy = true;
    const route = healthRoute(() => healthy);
    const server = createServer((req, res) =>
      route.handler(Object.assign(req, { params: {} }), res),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
    try {
      expect(route.path).toBe('/healthz');
      expect(route.method).toEqual(['GET']);
      const ok = await fetch(url);
      expect([ok.status, await ok.json()]).toEqual([200, { status: 'ok' }]);
      healthy = false;
      const stopping = await fetch(url);
      expect([stopping.status, await stopping.json()]).toEqual([503, { status: 'stopping' }]);
    } finally {
      server.close();
    }
  });
});
