import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, readBody, type StreamedBody } from '../../../src/stats/client.js';

/** A body made of the given chunks that records whether it was destroyed. */
function bodyOf(chunks: string[]): StreamedBody & { destroyed: boolean; read: number } {
  const body = {
    destroyed: false,
    read: 0,
    destroy() {
      body.destroyed = true;
    },
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) {
        if (body.destroyed) return;
        body.read += 1;
        yield Buffer.from(chunk);
      }
    },
  };
  return body;
}

describe('readBody', () => {
  it.each([
    ['under the cap', ['ab', 'cd'], 10, undefined, 'abcd'],
    ['exactly the cap', ['abc', 'de'], 5, '5', 'abcde'],
    ['a content-length that is not a number', ['ab'], 5, 'lots', 'ab'],
    ['strings as chunks', ['é', 'x'], 10, undefined, 'éx'],
  ])('reads a body %s', async (_name, chunks, maxBytes, contentLength, expected) => {
    const buffer = await readBody(bodyOf(chunks), { maxBytes, contentLength });
    expect(buffer.toString('utf8')).toBe(expected);
  });

  it('refuses a declared length over the cap before reading', async () => {
    const body = bodyOf(['abc']);
    const error = await readBody(body, { maxBytes: 2, contentLength: '3' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect((error as BodyTooLargeError).declaredBytes).toBe(3);
    expect(body.read).toBe(0);
    expect(body.destroyed).toBe(true);
  });

  it('stops reading a stream as soon as it passes the cap', async () => {
    const body = bodyOf(['aaaa', 'bbbb', 'cccc', 'dddd']);
    await expect(readBody(body, { maxBytes: 6 })).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(body.read).toBe(2);
    expect(body.destroyed).toBe(true);
  });

  it('returns what fits when asked to truncate', async () => {
    const body = bodyOf(['aaaa', 'bbbb', 'cccc']);
    const buffer = await readBody(body, {
      maxBytes: 6,
      contentLength: '12',
      onOverflow: 'truncate',
    });
    expect(buffer.toString('utf8')).toBe('aaaabb');
    expect(body.destroyed).toBe(true);
  });
});
