/**
 * Runs tasks one at a time, in call order: the evaluation cycle and button presses both
 * read-modify-write a rule's state, and neither may overwrite what the other just saved.
 */
export type Serial = <T>(task: () => Promise<T>) => Promise<T>;

export function createSerial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
