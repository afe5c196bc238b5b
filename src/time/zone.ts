/**
 * Time zone names are checked against the runtime's own zone data (Intl), the same data that
 * every later conversion uses, so a name that passes here can always be computed with.
 */

/** True for an IANA zone name the runtime knows (`Europe/Berlin`, `UTC`, `US/Eastern`). */
export function isValidTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== null;
}

/**
 * The runtime's spelling of a valid zone name (`europe/berlin` -> `Europe/Berlin`), or null when it
 * is not a zone. Offsets such as `+01:00` are refused on every Node version (newer ones accept
 * them in Intl, Node 20 does not), so a config valid on one runtime is valid on all.
 */
export function canonicalTimeZone(name: string): string | null {
  const known = canonical.get(name);
  if (known !== undefined) return known;
  const answer = lookUp(name);
  // Building an Intl.DateTimeFormat costs ~0.2 ms, paid on every command before this cache: under
  // a burst of commands that delayed the acks still queued behind it. Bounded: names come from users.
  if (canonical.size >= MAX_REMEMBERED) canonical.clear();
  canonical.set(name, answer);
  return answer;
}

const MAX_REMEMBERED = 1000;
const canonical = new Map<string, string | null>();

function lookUp(name: string): string | null {
  if (name.trim() === '' || name !== name.trim() || /^[+-]/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
