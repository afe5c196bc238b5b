import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  healthRoute,
  READY,
  type Readiness,
  readinessOf,
  readyRoute,
} from '../../../src/slack/health-route.js';

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

describe('readyRoute', () => {
  it('answers 200 when ready and 503 with the reason otherwise', async () => {
    let readiness: Readiness = { status: 'starting' };
    const route = readyRoute(() => readiness);
    const server = createServer((req, res) =>
      route.handler(Object.assign(req, { params: {} }), res),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`;
    const get = async () => {
      const response = await fetch(url);
      return [response.status, await response.json()];
    };
    try {
      expect(route.path).toBe('/readyz');
      expect(route.method).toEqual(['GET']);
      expect(await get()).toEqual([503, { status: 'starting' }]);
      readiness = READY;
      expect(await get()).toEqual([200, { status: 'ready' }]);
      readiness = { status: 'unusable', reason: 'the state DB file was deleted' };
      expect(await get()).toEqual([
        503,
        { status: 'unusable', reason: 'the state DB file was deleted' },
      ]);
      readiness = { status: 'stopping' };
      expect(await get()).toEqual([503, { status: 'stopping' }]);
    } finally {
      server.close();
    }
  });
});

describe('readinessOf', () => {
  const broken: Readiness = { status: 'unusable', reason: 'gone' };
  it.each([
    [{ started: false, stopping: false }, { status: 'starting' }],
    [{ started: true, stopping: false }, READY],
    [{ started: true, stopping: false, check: () => READY }, READY],
    [{ started: true, stopping: false, check: () => broken }, broken],
    [{ started: false, stopping: false, check: () => broken }, { status: 'starting' }],
    [{ started: true, stopping: true, check: () => broken }, { status: 'stopping' }],
    [{ started: false, stopping: true }, { status: 'stopping' }],
  ])('%j', (phase, expected) => {
    expect(readinessOf(phase)).toEqual(expected);
  });
});
