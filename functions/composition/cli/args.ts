/** Tiny argv parser for the CLIs: `--flag`, `--key value`, and positionals. */
export interface ParsedArgs {
  readonly flags: ReadonlySet<string>;
  readonly options: Readonly<Record<string, string>>;
  readonly positionals: readonly string[];
}

export function parseArgs(argv: readonly string[], valued: readonly string[]): ParsedArgs {
  const flags = new Set<string>();
  const options: Record<string, string> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      if (valued.includes(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new Error(`--${name} needs a value`);
        options[name] = value;
      } else flags.add(name);
    } else positionals.push(arg);
  }
  return { flags, options, positionals };
}
