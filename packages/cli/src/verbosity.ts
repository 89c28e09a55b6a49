/**
 * Takes `-v`, `-vv`, `-v N`, `--verbose`, `--verbose N` and `--verbose=N` out
 * of `argv` and returns the level, as Python's wsdump counts it: `-v` is 1,
 * `-v 3` is 3, `-vv` is 2, `-vvv` is 3, repeated flags add up.
 *
 * Unlike argparse's optional value, a following argument that is not a
 * number (the URL, say) is left alone: `wsdump -v ws://h` works.
 */
export function extractVerbosity(argv: readonly string[]): { level: number; rest: string[] } {
  let level = 0;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const eq = /^--verbose=(\d+)$/.exec(arg);
    if (eq) {
      level += Number(eq[1]);
      continue;
    }
    if (arg === "-v" || arg === "--verbose") {
      const next = argv[i + 1];
      if (next !== undefined && /^\d+$/.test(next)) {
        level += Number(next);
        i++;
      } else {
        level += 1;
      }
      continue;
    }
    if (/^-v+$/.test(arg)) {
      level += arg.length - 1;
      continue;
    }
    rest.push(arg);
  }
  return { level, rest };
}
