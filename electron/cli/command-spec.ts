// One definition per command: the argument parser reads its options from it, and `--help` and
// the top-level help are printed from it, so the two cannot drift apart.

export interface OptionSpec {
  name: string;
  /** The value's placeholder ("N", "fast|realtime"); absent for a flag that takes no value. */
  value?: string;
  /** Shown without brackets in the usage line. */
  required?: true;
  /** May be given more than once; every value is kept (ParsedArgs.lists). */
  repeated?: true;
  help: string;
}

export interface CommandSpec {
  name: string;
  /** Positional arguments as the usage line shows them ("<scenario.json|preset>"). */
  args?: string;
  /** One line: what the command does. */
  summary: string;
  options: readonly OptionSpec[];
  /** More lines for `--help`: defaults, exit codes, examples. */
  details?: string;
}

export function usageLine(spec: CommandSpec): string {
  const opts = spec.options.map((o) => {
    const text = o.value ? `--${o.name} ${o.value}` : `--${o.name}`;
    return o.required ? text : `[${text}]`;
  });
  return ['lifeline', spec.name, spec.args, ...opts].filter(Boolean).join(' ');
}

export function commandHelp(spec: CommandSpec): string {
  const lines = [`Usage: ${usageLine(spec)}`, '', spec.summary];
  if (spec.options.length) {
    const flags = spec.options.map((o) => (o.value ? `--${o.name} ${o.value}` : `--${o.name}`));
    const w = Math.max(...flags.map((f) => f.length));
    lines.push('', 'Options:', ...spec.options.map((o, i) => `  ${flags[i]!.padEnd(w)}  ${o.help}`));
  }
  if (spec.details) lines.push('', spec.details);
  return lines.join('\n');
}
