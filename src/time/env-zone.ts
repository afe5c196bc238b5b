import { canonicalTimeZone } from './zone.js';

/**
 * The zone a terminal reader expects times in, from the environment: `TZ`, else the machine's
 * own zone, else UTC. Never fatal: `TZ` comes from shells, containers and CI runners, where
 * `TZ=UTC0` (POSIX), `TZ=:/etc/localtime` (a file) or a typo are common; such a value falls back
 * to UTC and the caller prints `warning` once.
 */
export interface ReaderZone {
  readonly zone: string;
  /** Set when TZ was given but is not a zone name this runtime knows. */
  readonly warning: string | null;
}

export function readerZone(
  env: { readonly TZ?: string | undefined },
  machineZone: () => string | undefined = () => Intl.DateTimeFormat().resolvedOptions().timeZone,
): ReaderZone {
  const raw = env.TZ;
  // POSIX: an empty TZ means UTC, so that is what it gets, without a warning.
  if (raw === '') return { zone: 'UTC', warning: null };
  if (raw === undefined) {
    const machine = machineZone();
    const known = machine === undefined ? null : canonicalTimeZone(machine);
    return { zone: known ?? 'UTC', warning: null };
  }
  // glibc's `:Europe/Paris` form names a zone too; `:/etc/localtime` names a file, not a zone.
  const name = raw.startsWith(':') ? raw.slice(1) : raw;
  const known = canonicalTimeZone(name);
  if (known !== null) return { zone: known, warning: null };
  return {
    zone: 'UTC',
    warning: `TZ=${JSON.stringify(raw).slice(1, -1)} is not a time zone name such as Europe/Berlin; showing times in UTC.`,
  };
}
