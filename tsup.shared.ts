import type { Options } from "tsup";

/** The library build every package publishes: ESM + CJS + types from src/index.ts. */
export const library: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
};

/** A command-line entry built beside the library: ESM with a node shebang. */
export function bin(name: string, source: string): Options {
  return {
    entry: { [name]: source },
    format: ["esm"],
    banner: { js: "#!/usr/bin/env node" },
    sourcemap: true,
    clean: false, // the library build, which runs alongside, owns dist/
    target: "node20",
  };
}
