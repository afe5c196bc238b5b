/** The time source, injected everywhere a decision depends on "now", so tests can fix it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(
  at: number | string | Date,
): Clock & { set(at: number): void; advance(ms: number): void } {
  let current = typeof at === 'number' ? at : new Date(at).getTime();
  return {
    now: () => current,
    set: (next) => {
      current = next;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
