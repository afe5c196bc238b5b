/**
 * Masks secrets in text. Used on every string a log line contains (keys included) and on config
 * problem messages, so a token that ends up inside an error message, a URL or a nested payload
 * still never reaches the output.
 */

export const REDACTED = '[redacted]';

/** Shorter configured values are not masked: they would blank out ordinary words and numbers. */
export const MIN_SECRET_LENGTH = 8;

/** Slack tokens of any kind (bot xoxb, user xoxp, app-level xapp, refresh xoxe, legacy xoxa/xoxr…). */
const SLACK_TOKEN = /(?:xox[a-z]|xapp)-[A-Za-z0-9][A-Za-z0-9._%-]*/g;

/** The characters of an HTTP credential (RFC 7235 token68: base64, base64url, JWT, opaque). */
const CREDENTIAL = String.raw`[A-Za-z0-9\-._~+/]+=*`;

/**
 * An Authorization header written out ("Authorization: Bearer abc", `"authorization":"Basic …"`):
 * whatever follows a known scheme is a credential, however short or word-like. Without a scheme,
 * the value is masked only when it looks like a credential (see `looksLikeCredential`).
 */
const AUTHORIZATION_HEADER = new RegExp(
  String.raw`\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|bot)(\s+))?(${CREDENTIAL})`,
  'gi',
);

/**
 * "Bearer <credential>" anywhere else. The scheme name is case-insensitive in HTTP, and so is this;
 * what tells "Bearer eyJ…" from "the bearer token for the stats API" is the shape of the next word.
 */
const BEARER = new RegExp(String.raw`\b(bearer)(\s+)(${CREDENTIAL})`, 'gi');

/** A JSON Web Token (header and payload are base64url JSON objects, so both start with "eyJ"). */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g;

/** Field names whose values are credentials whatever they contain (compared without case, - or _). */
const SENSITIVE_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'token',
  'bottoken',
  'apptoken',
  'usertoken',
  'accesstoken',
  'refreshtoken',
  'signingsecret',
  'clientsecret',
  'statesecret',
  'password',
  'apikey',
  'xapikey',
]);

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(key.toLowerCase().replaceAll(/[-_]/g, ''));
}

export type Redactor = (text: string) => string;

/** A function masking `secrets` (values of at least 8 characters) and anything token-shaped. */
export function createRedactor(secrets: readonly (string | null | undefined)[]): Redactor {
  const masked = [
    ...new Set(
      secrets.filter(
        (secret): secret is string =>
          typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH,
      ),
    ),
  ].sort((a, b) => b.length - a.length); // longest first, so a secret containing another goes whole
  return (text) => {
    let out = text;
    for (const secret of masked) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out
      .replace(SLACK_TOKEN, REDACTED)
      .replace(JWT, REDACTED)
      .replace(
        AUTHORIZATION_HEADER,
        (match, header: string, scheme?: string, space?: string, value = '') =>
          scheme === undefined && !looksLikeCredential(value)
            ? match
            : `${header}${scheme ?? ''}${space ?? ''}${maskWord(value)}`,
      )
      .replace(BEARER, (match, scheme: string, space: string, value: string) =>
        looksLikeCredential(value) ? `${scheme}${space}${maskWord(value)}` : match,
      );
  };
}

/** The credential masked; a full stop that ends the sentence is not part of it and stays. */
function maskWord(word: string): string {
  const stop = /\.+$/.exec(word)?.[0] ?? '';
  return `${REDACTED}${stop}`;
}

/**
 * Whether a word is shaped like a generated credential rather than written by a person: at least
 * 8 characters and a digit, a character words do not have (`_ ~ + =`), mixed case that flips more
 * than once (random letters), or a run of 24 letters (longer than any word). Random tokens of 16
 * characters or more miss all of these with a probability well under one in a thousand; prose
 * after "bearer" ("token", "authentication", "token-based") matches none of them.
 */
export function looksLikeCredential(word: string): boolean {
  const core = word.replace(/\.+$/, '');
  if (core.length < 8) return false;
  if (/[0-9_~+]|=$/.test(core)) return true;
  const caseFlips = core.match(/[a-z][A-Z]/g)?.length ?? 0;
  return caseFlips >= 2 || /[A-Za-z]{24,}/.test(core);
}
