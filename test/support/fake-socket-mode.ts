import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeSlack } from './fake-slack.js';

/** What the app sent back for one envelope: Socket Mode's equivalent of the HTTP ack. */
export interface SocketAck {
  readonly envelopeId: string;
  readonly payload: Record<string, unknown> | undefined;
  readonly elapsedMs: number;
}

export interface FakeSocketMode {
  /** Resolves once the app has connected and been greeted with `hello`. */
  connected(): Promise<void>;
  /** Sends an envelope as Slack does and resolves with the app's ack. */
  send(
    type: 'slash_commands' | 'interactive',
    payload: Record<string, unknown>,
  ): Promise<SocketAck>;
  close(): Promise<void>;
}

/**
 * Slack's Socket Mode, on loopback: `apps.connections.open` on the fake Web API hands out the URL
 * of a WebSocket server that says `hello`, delivers envelopes and collects the app's acks.
 */
export async function startFakeSocketMode(slack: FakeSlack): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
  slack.onMethod('apps.connections.open', () => ({ body: { ok: true, url } }));

  let socket: WebSocket | undefined;
  let greeted: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  const pending = new Map<string, (ack: SocketAck) => void>();
  let counter = 0;

  server.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        envelope_id?: string;
        payload?: Record<string, unknown>;
      };
      const settle =
        message.envelope_id === undefined ? undefined : pending.get(message.envelope_id);
      settle?.({ envelopeId: message.envelope_id ?? '', payload: message.payload, elapsedMs: 0 });
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        connection_info: { app_id: 'A0EXECSTATS' },
      }),
    );
    greeted();
  });

  return {
    connected: () => ready,
    send(type, payload) {
      if (socket === undefined) return Promise.reject(new Error('no app connected'));
      const envelopeId = `env-${++counter}`;
      const started = performance.now();
      const acked = new Promise<SocketAck>((resolve) => {
        pending.set(envelopeId, (ack) =>
          resolve({ ...ack, elapsedMs: performance.now() - started }),
        );
      });
      socket.send(
        JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true }),
      );
      return acked;
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
