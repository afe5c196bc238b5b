import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecStatsApp, type ExecStatsApp } from '../../src/app.js';
import { systemClock } from '../../src/clock.js';
import { createStatsFeature } from '../../src/commands/stats-feature.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createStatsClient, type StatsClient } from '../../src/stats/client.js';
import { freePort } from '../support/child-process.js';
import { messageText } from '../support/e2e-harness.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { type FakeSocketMode, startFakeSocketMode } from '../support/fake-socket-mode.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';

/** SLACK_APP_TOKEN set: the same app over Socket Mode, acks going back on the WebSocket. */
describe('Socket Mode', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let statsApi: StatsServer;
  let stats: StatsClient;
  let app: ExecStatsApp;
  let port: number;

  beforeAll(async () => {
    slack = await startFakeSlack();
    socket = await startFakeSocketMode(slack);
    statsApi = await startStatsServer(simulatedStatsHandler());
    stats = createStatsClient({ baseUrl: statsApi.url, token: 'stats-token' });
    port = await freePort();
    app = createExecStatsApp({
      config: {
        slack: {
          botToken: 'xoxb-socket-test',
          signingSecret: null,
          appToken: 'xapp-1-socket-test',
          apiUrl: slack.apiUrl,
          mode: 'socket',
        },
        timezone: 'UTC',
        executionUrlTemplate: 'https://app.example.com/executions/{executionId}',
        port,
      },
      stats,
      clock: systemClock,
      logger: silentLogger,
      features: [createStatsFeature()],
    });
    await app.start();
    await socket.connected();
  });
  afterAll(async () => {
    await app.stop(2000);
    await socket.close();
    await stats.close();
    await statsApi.close();
    await slack.close();
  });

  it('opens the connection with the app-level token through SLACK_API_URL', () => {
    const open = slack.calls.find((call) => call.method === 'apps.connections.open');
    expect(open?.token).toBe('xapp-1-socket-test');
  });

  it('acks a slash command on the socket and replies through response_url', async () => {
    const ack = await socket.send('slash_commands', {
      command: '/exec-stats',
      text: '7d',
      user_id: 'U0ALICE',
      channel_id: 'C0123456789',
      team_id: 'T0001',
      response_url: slack.responseUrl('socket-7d'),
      trigger_id: '1.2.3',
    });
    expect(ack.envelopeId).toMatch(/^env-/);
    await slack.waitFor(() => slack.responses.some((r) => r.id === 'socket-7d'));
    const reply = slack.responses.find((r) => r.id === 'socket-7d');
    expect(messageText(reply?.body ?? {})).toContain('Executions · last 7 days');
  });

  it('answers help in the ack payload itself', async () => {
    const ack = await socket.send('slash_commands', {
      command: '/exec-stats',
      text: 'help',
      user_id: 'U0ALICE',
      channel_id: 'C0123456789',
      response_url: slack.responseUrl('socket-help'),
    });
    expect(ack.payload?.response_type).toBe('ephemeral');
    expect(messageText(ack.payload ?? {})).toContain('*Usage:*');
  });

  it('serves /healthz on PORT', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
  });
});
