import type { SlackConfig } from './config.js';
import { type EnvContext, urlProblem } from './env-context.js';

/**
 * The Slack part of the environment. Messages say where in Slack's app settings the right value
 * is, and never repeat a token: only its prefix, which tells which kind of token was pasted.
 */
export function readSlackEnv(ctx: EnvContext): SlackConfig {
  // Any value switches to Socket Mode, even a malformed one (reported below): the operator meant it.
  const mode = ctx.get('SLACK_APP_TOKEN') === undefined ? 'http' : 'socket';
  return {
    botToken: readBotToken(ctx),
    signingSecret: readSigningSecret(ctx, mode),
    appToken: readAppToken(ctx),
    apiUrl: readApiUrl(ctx),
    mode,
  };
}

const BOT_TOKEN_WHERE =
  'the Bot User OAuth Token (xoxb-…) from your app\'s "OAuth & Permissions" page';
const APP_TOKEN_WHERE =
  'an app-level token (xapp-…) with the connections:write scope, from "Basic Information" → "App-Level Tokens"';
const SIGNING_SECRET_WHERE =
  'the Signing Secret from your app\'s "Basic Information" → "App Credentials"';

function readBotToken(ctx: EnvContext): string | null {
  const token = ctx.get('SLACK_BOT_TOKEN');
  if (token === undefined) {
    if (ctx.slackRequired)
      ctx.problem('SLACK_BOT_TOKEN', `is required: set it to ${BOT_TOKEN_WHERE}`);
    return null;
  }
  const wrongKind = tokenKindProblem(token, 'xoxb-', BOT_TOKEN_WHERE);
  if (wrongKind !== null) {
    ctx.problem('SLACK_BOT_TOKEN', wrongKind);
    return null;
  }
  return token;
}

function readAppToken(ctx: EnvContext): string | null {
  const token = ctx.get('SLACK_APP_TOKEN');
  if (token === undefined) return null;
  const wrongKind = tokenKindProblem(token, 'xapp-', APP_TOKEN_WHERE);
  if (wrongKind !== null) {
    ctx.problem(
      'SLACK_APP_TOKEN',
      `${wrongKind}. Setting SLACK_APP_TOKEN switches to Socket Mode; unset it for HTTP mode`,
    );
    return null;
  }
  return token;
}

function tokenKindProblem(token: string, prefix: string, where: string): string | null {
  if (/\s/.test(token)) return `contains spaces or line breaks; set it to ${where}, nothing else`;
  if (token.startsWith(prefix))
    return token.length > prefix.length ? null : `is incomplete; set it to ${where}`;
  const kind = /^(xox[a-z]|xapp)-/.exec(token)?.[1];
  const named: Record<string, string> = {
    xoxb: 'a bot token (xoxb-…), which belongs in SLACK_BOT_TOKEN',
    xoxp: 'a user token (xoxp-…); the bot must not act as a person',
    xapp: 'an app-level token (xapp-…), which belongs in SLACK_APP_TOKEN',
  };
  const what =
    kind === undefined
      ? `does not start with ${prefix}`
      : `is ${named[kind] ?? `a ${kind}- token`}`;
  return `${what}; set it to ${where}`;
}

function readSigningSecret(ctx: EnvContext, mode: SlackConfig['mode']): string | null {
  const secret = ctx.get('SLACK_SIGNING_SECRET');
  if (secret === undefined) {
    if (ctx.slackRequired && mode === 'http') {
      ctx.problem(
        'SLACK_SIGNING_SECRET',
        `is required in HTTP mode: set it to ${SIGNING_SECRET_WHERE} (or set SLACK_APP_TOKEN to use Socket Mode)`,
      );
    }
    return null;
  }
  if (/^(xox[a-z]|xapp)-/.test(secret)) {
    ctx.problem(
      'SLACK_SIGNING_SECRET',
      `looks like a token, not a signing secret; set it to ${SIGNING_SECRET_WHERE}`,
    );
    return null;
  }
  if (!/^[0-9a-f]{32}$/i.test(secret)) {
    ctx.warn(
      `SLACK_SIGNING_SECRET does not look like a Slack signing secret (32 hexadecimal characters); if it is wrong, every request from Slack will be refused. Check ${SIGNING_SECRET_WHERE}.`,
    );
  }
  return secret;
}

function readApiUrl(ctx: EnvContext): string | null {
  const value = ctx.get('SLACK_API_URL');
  if (value === undefined) return null;
  const url = ctx.url('SLACK_API_URL', value, 'e.g. https://slack.com/api/');
  if (url === null) return null;
  const problem = urlProblem(url);
  if (problem !== null) {
    ctx.problem('SLACK_API_URL', problem);
    return null;
  }
  // Bolt's Web API client appends method names directly ("…/api/" + "chat.postMessage").
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
