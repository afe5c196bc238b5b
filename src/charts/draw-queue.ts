/**
 * Charts are drawn one at a time. Each drawing holds the event loop about 0.1 s per stage, and
 * the renderer yields between stages with setImmediate; but Node runs every immediate queued
 * before a check phase in that phase, so ten drawings at once would take turns back to back
 * (about 2 s) before any request is read. One at a time, a request waits one stage at most.
 *
 * A drawing whose callers have all given up (their deadline passed) by the time its turn comes is
 * not drawn: under a burst, the queue does not spend the CPU on pictures nobody will upload.
 */
export interface DrawQueue {
  /** Runs `draw` after the drawings before it, unless `wanted()` is false by then. */
  enqueue<T>(draw: () => Promise<T>, wanted: () => boolean): Promise<T>;
}

export function createDrawQueue(): DrawQueue {
  let last: Promise<unknown> = Promise.resolve();
  return {
    enqueue(draw, wanted) {
      const turn = last.then(() => {
        if (!wanted()) throw new DOMException('Nobody waits for this chart any more', 'AbortError');
        return draw();
      });
      last = turn.catch(() => undefined);
      return turn;
    },
  };
}
