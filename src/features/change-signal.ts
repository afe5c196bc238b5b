/**
 * "Something the Home tab shows was changed by this user": a digest subscribed, edited or
 * removed through one feature, so that another (the Home tab) publishes it at once rather than
 * at its next refresh. Features never import each other; runtime/ hands both the same signal.
 */
export interface ChangeSignal {
  notify(userId: string): void;
  /** Called on every notify, in order of subscription. */
  subscribe(listener: (userId: string) => void): void;
}

export function createChangeSignal(): ChangeSignal {
  const listeners: ((userId: string) => void)[] = [];
  return {
    notify(userId) {
      for (const listener of listeners) listener(userId);
    },
    subscribe(listener) {
      listeners.push(listener);
    },
  };
}
