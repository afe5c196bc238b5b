/**
 * Charts are drawn one at a time, in the order asked. The drawing thread answers in order anyway;
 * queueing here as well means a drawing is sent only when its turn comes, so one whose callers
 * have all given up by then (their deadline passed) is not drawn: under a burst, the CPU is not
 * spent on pictures nobody will upload.
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
