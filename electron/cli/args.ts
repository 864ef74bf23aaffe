// A small, strict argument parser: unknown flags and bad values are bad input (exit 2). The
// options come from the command's one definition (command-spec.ts), which `--help` prints.
import type { CommandSpec } from './command-spec.ts';
import { echo } from '../../shared/util/one-line.ts';

export class UsageError extends Error {}

/** `--help` (or `-h`) anywhere after a command: print that command's help instead of running it. */
export class HelpRequest extends Error {
  constructor(readonly spec: CommandSpec) {
    super(`help for ${spec.name}`);
  }
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
  /** Options that may be given more than once (OptionSpec.repeated), every value in order. */
  lists: Map<string, string[]>;
}

export function parseArgs(argv: string[], spec: CommandSpec): ParsedArgs {
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequest(spec);
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const opt = spec.options.find((o) => o.name === name);
    if (!opt) throw new UsageError(`${spec.name}: unknown option --${echo(name)} (see lifeline ${spec.name} --help)`);
    if (!opt.value) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      if (opt.repeated) lists.set(name, [...(lists.get(name) ?? []), v]);
      else flags.set(name, v);
    }
  }
  return { positional, flags, lists };
}

export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function num(args: ParsedArgs, name: string, opts: { min: number; max?: number; integer?: boolean }): number | undefined {
  const v = str(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  const max = opts.max ?? Infinity;
  if (v.trim() === '' || !Number.isFinite(n) || n < opts.min || n > max || (opts.integer && !Number.isInteger(n))) {
    const range = max === Infinity ? `>= ${opts.min}` : `from ${opts.min} to ${max}`;
    throw new UsageError(`--${name}: expected ${opts.integer ? 'an integer' : 'a number'} ${range}, got "${echo(v)}"`);
  }
  return n;
}

export function oneOf<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const v = str(args, name);
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name}: expected one of ${choices.join(', ')}, got "${echo(v)}"`);
  return v as T;
}

/** "[HOST:]PORT" → host and port; the host defaults to loopback. */
export function hostPort(value: string, flag: string, defaultHost = '127.0.0.1'): { host: string; port: number } {
  const m = /^(?:\[?([^\]]*?)\]?:)?(\d{1,5})$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new UsageError(`--${flag}: expected [HOST:]PORT, got "${echo(value)}"`);
  return { host: m[1] || defaultHost, port };
}
