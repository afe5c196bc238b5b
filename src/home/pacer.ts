/**
 * Runs tasks one at a time, at most `perSecond` starts a second, so a minute's refresh of many
 * Home tabs does not burst into Slack's rate limit for `views.publish`. An urgent task (someone
 * just opened the tab) goes before the ones waiting.
 */
export interface Pacer {
  run<T>(task: () => Promise<T>, options?: { readonly urgent?: boolean }): Promise<T>;
  /** Tasks waiting to start. */
  readonly waiting: number;
}

export interface PacerOptions {
  readonly perSecond: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

export function createPacer(options: PacerOptions): Pacer {
  const gapMs = options.perSecond > 0 ? 1000 / options.perSecond : 0;
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? realSleep;
  const queue: (() => Promise<void>)[] = [];
  let draining = false;
  let lastStart = Number.NEGATIVE_INFINITY;

  async function drain(): Promise<void> {
    draining = true;
    try {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const wait = lastStart + gapMs - now();
        if (wait > 0) await sleep(wait);
        lastStart = now();
        await next();
      }
    } finally {
      draining = false;
    }
  }

  return {
    run(task, runOptions = {}) {
      return new Promise((resolve, reject) => {
        const job = () => task().then(resolve, reject);
        if (runOptions.urgent) queue.unshift(job);
        else queue.push(job);
        if (!draining) void drain();
      });
    },
    get waiting() {
      return queue.length;
    },
  };
}
