/**
 * Reads a response body as a stream with a byte cap, so a misbehaving API (or a proxy's endless
 * error page) cannot make the bot buffer an unbounded amount of memory. The declared
 * `content-length` is checked first so an oversized answer is refused before any byte is read;
 * the running count covers chunked bodies and lying headers.
 */

export interface StreamedBody extends AsyncIterable<Uint8Array | string> {
  destroy(error?: Error): unknown;
}

/** The body exceeded the cap; `declaredBytes` is set when the content-length header said so. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(
    readonly maxBytes: number,
    readonly declaredBytes: number | null,
  ) {
    super(
      declaredBytes === null
        ? `response body exceeded ${maxBytes} bytes`
        : `response declared ${declaredBytes} bytes, more than ${maxBytes}`,
    );
  }
}

export interface ReadBodyOptions {
  readonly maxBytes: number;
  /** The `content-length` response header, if any. */
  readonly contentLength?: string | string[] | undefined;
  /** 'throw' (default) rejects past the cap; 'truncate' returns what was read up to it. */
  readonly onOverflow?: 'throw' | 'truncate';
}

export async function readBody(body: StreamedBody, options: ReadBodyOptions): Promise<Buffer> {
  const { maxBytes } = options;
  const truncate = options.onOverflow === 'truncate';
  const declared = declaredLength(options.contentLength);
  if (declared !== null && declared > maxBytes && !truncate) {
    body.destroy();
    throw new BodyTooLargeError(maxBytes, declared);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (total + buffer.length > maxBytes) {
      // Stop reading now; destroying the stream also drops the connection, which is intended.
      body.destroy();
      if (!truncate) throw new BodyTooLargeError(maxBytes, null);
      chunks.push(buffer.subarray(0, maxBytes - total));
      return Buffer.concat(chunks);
    }
    chunks.push(buffer);
    total += buffer.length;
  }
  return Buffer.concat(chunks);
}

function declaredLength(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}
