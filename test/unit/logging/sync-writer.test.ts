import { describe, expect, it } from 'vitest';
import {
  type FdStream,
  type SyncWriterDeps,
  syncWriter,
} from '../../../src/logging/sync-writer.js';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/**
 * A descriptor that takes at most `chunk` bytes per call and answers EAGAIN to the calls listed
 * in `fullAt` (a pipe whose reader is behind), and a stream that records what is queued on it.
 */
function fakePipe(options: { chunk: number; fullAt?: readonly number[]; queued?: number }) {
  const written: number[] = [];
  const queued: string[] = [];
  let calls = 0;
  let slept = 0;
  const deps: SyncWriterDeps = {
    writeSync: (_fd, buffer, offset) => {
      calls += 1;
      if (options.fullAt?.includes(calls)) throw errno('EAGAIN');
      const part = buffer.subarray(offset, offset + options.chunk);
      written.push(...part);
      return part.length;
    },
    sleep: (ms) => {
      slept += ms;
    },
  };
  const stream: FdStream = {
    fd: 1,
    writableLength: options.queued ?? 0,
    write: (chunk) => {
      queued.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  };
  return {
    deps,
    stream,
    written: () => Buffer.from(written).toString('utf8'),
    queued,
    slept: () => slept,
  };
}

describe('syncWriter', () => {
  it('writes the whole line through short writes and a full pipe, in order', () => {
    const pipe = fakePipe({ chunk: 3, fullAt: [2, 3, 5] });
    syncWriter(pipe.stream, { deps: pipe.deps })('{"msg":"héllo"}\n');
    expect(pipe.written()).toBe('{"msg":"héllo"}\n');
    expect(pipe.slept()).toBe(3);
    expect(pipe.queued).toEqual([]);
  });

  it('queues the rest on the stream when the reader is stuck longer than the limit', () => {
    const pipe = fakePipe({ chunk: 4, fullAt: [2, 3, 4, 5, 6] });
    syncWriter(pipe.stream, { deps: pipe.deps, maxWaitMs: 3 })('abcdefgh\n');
    expect(pipe.written()).toBe('abcd');
    expect(pipe.queued).toEqual(['efgh\n']);
    expect(pipe.slept()).toBe(3);
  });

  it('goes behind what is already queued on the stream, so lines stay in order', () => {
    const pipe = fakePipe({ chunk: 100, queued: 10 });
    syncWriter(pipe.stream, { deps: pipe.deps })('line\n');
    expect(pipe.written()).toBe('');
    expect(pipe.queued).toEqual(['line\n']);
  });

  it('lets other errors through, for the logger to report', () => {
    const pipe = fakePipe({ chunk: 100 });
    const deps: SyncWriterDeps = {
      ...pipe.deps,
      writeSync: () => {
        throw errno('EPIPE');
      },
    };
    expect(() => syncWriter(pipe.stream, { deps })('line\n')).toThrow('EPIPE');
  });
});
