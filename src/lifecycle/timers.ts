/**
 * One-shot timers as the bot's background loops use them (the Slack rate gate, the alert delivery
 * worker, the alert lease keeper): injectable, so tests fire them by hand instead of waiting.
 */
export interface Timers {
  /** Calls `fn` once after `ms`; the function returned cancels it. */
  set(fn: () => void, ms: number): () => void;
}

/** Node's timers, unref'd: a pending retry or renewal never keeps a stopping process alive. */
export const UNREF_TIMERS: Timers = {
  set(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
