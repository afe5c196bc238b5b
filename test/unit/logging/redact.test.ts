import { describe, expect, it } from 'vitest';
import { createRedactor, looksLikeCredential, REDACTED } from '../../../src/logging/redact.js';

const redact = createRedactor([]);

/** A JWT as identity providers issue them: base64url header, payload and signature. */
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJleGVjLXN0YXRzIiwiaWF0IjoxNzY0NDQ2NDAwfQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';

describe('createRedactor: credentials are masked', () => {
  it.each<[string, string, string]>([
    [
      'an Authorization header',
      'Authorization: Bearer abc123def456',
      `Authorization: Bearer ${REDACTED}`,
    ],
    [
      'a short credential in a header',
      'Authorization: Bearer abc.def.ghi',
      `Authorization: Bearer ${REDACTED}`,
    ],
    [
      'a word-like credential in a header',
      'authorization: bearer letmein',
      `authorization: bearer ${REDACTED}`,
    ],
    [
      'a header in JSON',
      '{"Authorization":"Bearer s3cr3t"}',
      `{"Authorization":"Bearer ${REDACTED}"}`,
    ],
    [
      'a header in a curl line',
      "curl -H 'authorization: token abc' x",
      `curl -H 'authorization: token ${REDACTED}' x`,
    ],
    [
      'Basic credentials in a proxy header',
      'Proxy-Authorization: Basic dXNlcjpwYXNz',
      `Proxy-Authorization: Basic ${REDACTED}`,
    ],
    [
      'a header with no scheme and a token',
      'authorization=0f8e7d6c5b4a39281706',
      `authorization=${REDACTED}`,
    ],
    ['a JWT after Bearer', `Bearer ${JWT}`, `Bearer ${REDACTED}`],
    ['a JWT on its own', `token=${JWT}&x=1`, `token=${REDACTED}&x=1`],
    ['lower-case bearer', 'bearer 0123456789abcdef', `bearer ${REDACTED}`],
    ['upper-case bearer', 'BEARER 0123456789abcdef', `BEARER ${REDACTED}`],
    ['a tab and spaces before it', 'Bearer\t  sk_live_abcdefgh', `Bearer\t  ${REDACTED}`],
    ['base64 padding', 'Bearer YWJjZGVmZ2hpams=', `Bearer ${REDACTED}`],
    ['random letters only', 'Bearer hQkLmNxPzRtYwVbGsJdFeA', `Bearer ${REDACTED}`],
    ['a long run of letters', 'Bearer abcdefghijklmnopqrstuvwxyz', `Bearer ${REDACTED}`],
    [
      'a credential that ends a sentence, keeping the full stop',
      'sent Bearer abc123def456.',
      `sent Bearer ${REDACTED}.`,
    ],
    [
      'two credentials in one line',
      'Bearer abc123def456 then Bearer 987zyx654wvu',
      `Bearer ${REDACTED} then Bearer ${REDACTED}`,
    ],
    [
      'inside an error message',
      'request failed (Bearer 9f8e7d6c5b4a): 401',
      `request failed (Bearer ${REDACTED}): 401`,
    ],
  ])('%s', (_name, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('masks a configured secret wherever it is, whatever it looks like', () => {
    const secret = 'correct-horse-battery';
    expect(createRedactor([secret])(`Bearer ${secret} and ${secret}`)).toBe(
      `Bearer ${REDACTED} and ${REDACTED}`,
    );
  });
});

describe('createRedactor: prose is left alone', () => {
  it.each([
    'is required: the bearer token for the stats API, or set EXEC_STATS_SIMULATOR=1',
    'must be the token alone; remove the leading "Bearer "',
    'Bearer tokens are sent in the Authorization header',
    'the API uses Bearer authentication',
    'BEARER TOKEN',
    'a bearer-token scheme',
    'Bearer token-based access',
    'the Bearer internationalization',
    'Bearer 2 tokens',
    'Bearer v2',
    'the bearer.',
    'Bearer',
    'Authorization: denied',
    'authorization failed: token expired',
    'Authorization: Bearer',
    'eyJ is how a JWT starts',
    'bot token (xoxb-…)',
  ])('%j', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('looksLikeCredential', () => {
  it.each([
    ['abc123def456', true],
    ['sk_live_abcdefgh', true],
    ['YWJjZGVmZ2hpams=', true],
    ['hQkLmNxPzRtYwVbGsJdFeA', true],
    ['abcdefghijklmnopqrstuvwxyz', true],
    ['token', false],
    ['authentication', false],
    ['token-based', false],
    ['OpenTelemetry', false],
    ['a1', false],
    ['internationalization', false],
  ])('%s: %s', (word, expected) => {
    expect(looksLikeCredential(word)).toBe(expected);
  });
});
