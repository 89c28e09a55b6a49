#!/usr/bin/env node
// Prints the min+gzip size of a package's public entry (src/index.ts bundled
// with esbuild, minified, then gzipped), without and with its workspace deps.
//   node scripts/size.mjs packages/frame [--max 4096]
// With --max N it exits 1 when the package's own code is over N bytes.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const maxAt = args.indexOf("--max");
const max = maxAt >= 0 ? Number(args[maxAt + 1]) : undefined;
const dirs = args.filter((a, i) => !a.startsWith("--") && (maxAt < 0 || i !== maxAt + 1));
if (dirs.length === 0) {
  console.error("usage: node scripts/size.mjs <package-dir>... [--max bytes]");
  process.exit(2);
}

const esbuild = await import("esbuild");

let failed = false;
for (const dir of dirs) {
  const pkgDir = resolve(dir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const workspaceDeps = Object.entries(pkg.dependencies ?? {})
    .filter(([, v]) => String(v).startsWith("workspace:"))
    .map(([k]) => k);
  const measure = async (external) => {
    const out = await esbuild.build({
      entryPoints: [join(pkgDir, "src/index.ts")],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      conditions: ["@wsclient/source"],
      external,
      write: false,
      logLevel: "error",
    });
    const code = out.outputFiles[0].contents;
    return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
  };
  const self = await measure(workspaceDeps);
  const all = await measure([]);
  const kb = (n) => `${(n / 1024).toFixed(2)} KiB (${n} B)`;
  console.log(`${pkg.name}`);
  console.log(`  own code:       min ${kb(self.min)}, min+gzip ${kb(self.gz)}`);
  console.log(
    `  with workspace deps (${workspaceDeps.join(", ") || "none"}): min ${kb(all.min)}, min+gzip ${kb(all.gz)}`,
  );
  if (max !== undefined && self.gz > max) {
    console.error(`  over the budget: ${self.gz} B > ${max} B min+gzip`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
