import type { CliIo } from '../../../src/cli/io.js';

/** A CliIo that records stdout and stderr, with a fixed wall clock (never the real one). */
export function fakeIo(env: NodeJS.ProcessEnv = {}, now = Date.parse('2026-11-24T12:00:00Z')) {
  let out = '';
  let err = '';
  const io: CliIo = {
    env,
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    color: false,
    now: () => now,
  };
  return { io, out: () => out, err: () => err };
}

/** Text a terminal user should never see: Slack emoji codes, mrkdwn code spans, the slash usage. */
export function expectTerminalText(text: string): void {
  if (/:[a-z_]+:/.test(text.replace(/https?:\/\/\S+/g, ''))) {
    throw new Error(`Slack emoji code in terminal text: ${text}`);
  }
  if (text.includes('`')) throw new Error(`Slack code span in terminal text: ${text}`);
  if (text.includes('Usage: /exec-stats')) throw new Error(`Slack usage in terminal text: ${text}`);
}
