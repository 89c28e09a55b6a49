import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
  },
  {
    // The `wsdump` bin: a tiny ESM entry calling @wsclient/cli's main.
    entry: { wsdump: "src/wsdump.ts" },
    format: ["esm"],
    banner: { js: "#!/usr/bin/env node" },
    sourcemap: true,
    clean: false,
    target: "node20",
  },
]);
