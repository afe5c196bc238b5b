/**
 * The options of a CLI command: `--name`, `--name VALUE`, `--name=VALUE`, `-h`/`--help`, and `--`
 * to end the options. Anything else that starts with `-` is refused, with the closest known option
 * as a hint, so a typo like `--jsn` is an error and not silently a window word.
 */

export interface OptionSpec {
  /** Long name without the dashes, e.g. `json`. */
  readonly name: string;
  /** One letter, e.g. `h` for `-h`. */
  readonly short?: string;
  /** Placeholder of the value (`N`, `ISO`), for an option that takes one; absent for a flag. */
  readonly value?: string;
  /** One line for `--help`. */
  readonly help: string;
}

/** Every command takes these; `--help` wins over any other problem in the arguments. */
export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', help: 'show this help' };

export type ParsedArgs =
  | {
      readonly ok: true;
      readonly help: boolean;
      /** Flags map to true, options with a value to the value. */
      readonly options: ReadonlyMap<string, string | true>;
      readonly positionals: readonly string[];
    }
  | { readonly ok: false; readonly problem: string };

export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const all = [HELP_OPTION, ...specs];
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  let help = false;
  let problem: string | null = null;
  const fail = (text: string) => {
    problem ??= text;
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    // A lone `-` (stdin by convention) and words like `15m` are positionals.
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const written = equals === -1 ? arg : arg.slice(0, equals);
    const spec = findSpec(all, written);
    if (spec === undefined) {
      fail(`unknown option "${written}"${suggestion(all, written)}`);
      continue;
    }
    if (spec === HELP_OPTION) {
      help = true;
      continue;
    }
    if (options.has(spec.name)) {
      fail(`--${spec.name} is given twice`);
      continue;
    }
    if (spec.value === undefined) {
      if (equals !== -1) fail(`--${spec.name} takes no value`);
      else options.set(spec.name, true);
      continue;
    }
    const value = equals !== -1 ? arg.slice(equals + 1) : args[i + 1];
    if (value === undefined || value === '' || (equals === -1 && value.startsWith('--'))) {
      fail(`--${spec.name} needs a value (${spec.value})`);
      continue;
    }
    if (equals === -1) i += 1;
    options.set(spec.name, value);
  }
  if (help) return { ok: true, help, options, positionals };
  if (problem !== null) return { ok: false, problem };
  return { ok: true, help, options, positionals };
}

function findSpec(specs: readonly OptionSpec[], written: string): OptionSpec | undefined {
  if (written.startsWith('--')) return specs.find((spec) => `--${spec.name}` === written);
  return specs.find((spec) => spec.short !== undefined && `-${spec.short}` === written);
}

/** ` (did you mean --json?)` when a known option is one or two edits away, else nothing. */
export function suggestion(specs: readonly OptionSpec[], written: string): string {
  const plain = written.replace(/^-+/, '').toLowerCase();
  const close = closest(
    specs.map((spec) => spec.name),
    plain,
  );
  return close === null ? '' : ` (did you mean --${close}?)`;
}

/** The candidate at most two edits from `word` (the nearest one), or null. */
export function closest(candidates: readonly string[], word: string): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const name of candidates) {
    const distance = editDistance(name, word);
    if (distance <= 2 && (best === null || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
