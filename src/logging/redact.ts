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

/** A bearer credential that got into a message ("Authorization: Bearer abc…"). */
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]{4,}/gi;

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
    return out.replace(SLACK_TOKEN, REDACTED).replace(BEARER, `Bearer ${REDACTED}`);
  };
}
