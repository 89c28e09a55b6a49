#!/usr/bin/env node
// Packs packages the way they are published and proves they work alone:
//   node scripts/pack-check.mjs packages/frame [packages/other ...]
// For each package: build it and its workspace dependencies (tsup), `pnpm pack`
// them, `npm install` the tarballs into an empty project outside the repo,
// then run the README's first ```ts block as ESM (.mjs) and as CJS (.cjs).
// The example must exit 0, and both module systems must print the same.
// A bare import that is not one of the packed packages (e.g. `ws`, for a
// server the example starts) is installed from the registry at the version
// the workspace root uses; top-level await runs inside an async wrapper in CJS.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error("usage: node scripts/pack-check.mjs <package-dir>...");
  process.exit(2);
}

/** name -> directory of every workspace package under packages/ and tools/. */
const workspace = new Map();
for (const group of ["packages", "tools"]) {
  for (const d of readdirSync(join(root, group))) {
    try {
      const pkg = JSON.parse(readFileSync(join(root, group, d, "package.json"), "utf8"));
      workspace.set(pkg.name, join(root, group, d));
    } catch {}
  }
}
const readPkg = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

/** The package and its workspace dependencies, dependencies first. */
function closure(dir, seen = new Map()) {
  const pkg = readPkg(dir);
  if (seen.has(pkg.name)) return seen;
  for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
    if (String(range).startsWith("workspace:")) closure(workspace.get(name), seen);
  }
  seen.set(pkg.name, dir);
  return seen;
}

function run(cmd, args, cwd, timeout = 300_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", shell: false, timeout });
  if (r.status !== 0) {
    const why = r.error?.code === "ETIMEDOUT" ? ` (killed after ${timeout} ms)` : "";
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed${why}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** The README's first ```ts block, and a CommonJS version of it. */
function examples(dir) {
  const readme = readFileSync(join(dir, "README.md"), "utf8");
  const m = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error(`${dir}/README.md has no \`\`\`ts example`);
  const esm = m[1];
  const cjs = esm.replace(
    /import\s*(\{[\s\S]*?\})\s*from\s*(["'][^"']+["']);/g,
    (_, names, spec) => `const ${names.replace(/\s+as\s+/g, ": ")} = require(${spec});`,
  );
  if (/^\s*import\s/m.test(cjs))
    throw new Error("example has an import the CJS rewrite does not handle");
  const wrapped = `(async () => {\n${cjs}\n})().catch((err) => {\n  console.error(err);\n  process.exit(1);\n});\n`;
  return { esm, cjs: wrapped };
}

/** Registry packages an example imports besides the packed ones, pinned like the root. */
function exampleDeps(esm, packedNames) {
  const rootPkg = readPkg(root);
  const wanted = rootPkg.devDependencies ?? {};
  const deps = [];
  for (const [, spec] of esm.matchAll(/from\s*["']([^"']+)["']/g)) {
    if (spec.startsWith("node:") || spec.startsWith(".") || packedNames.has(spec)) continue;
    if (!wanted[spec])
      throw new Error(`example imports ${spec}, which the workspace root does not pin`);
    deps.push(`${spec}@${wanted[spec]}`);
  }
  return deps;
}

// Each package is built and packed once per run, however many targets need it.
const shared = mkdtempSync(join(tmpdir(), "wsclient-pack-tarballs-"));
const packed = new Map();
function packOnce(depName, depDir) {
  if (packed.has(depName)) return packed.get(depName);
  run("pnpm", ["run", "build"], depDir);
  const before = new Set(readdirSync(shared));
  run("pnpm", ["pack", "--pack-destination", shared], depDir);
  const made = readdirSync(shared).filter((f) => !before.has(f));
  if (made.length !== 1) throw new Error(`pnpm pack of ${depName} made ${made.length} files`);
  packed.set(depName, join(shared, made[0]));
  return packed.get(depName);
}

let failed = false;
for (const target of targets) {
  const dir = resolve(target);
  const name = readPkg(dir).name;
  const work = mkdtempSync(join(tmpdir(), "wsclient-pack-"));
  try {
    const tarballs = [];
    for (const [depName, depDir] of closure(dir)) tarballs.push(packOnce(depName, depDir));
    const app = join(work, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "pack-check", private: true }));
    const { esm, cjs } = examples(dir);
    const extra = exampleDeps(esm, new Set(closure(dir).keys()));
    run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs, ...extra],
      app,
    );
    writeFileSync(join(app, "example.mjs"), esm);
    writeFileSync(join(app, "example.cjs"), cjs);
    // A README example must finish on its own (bounded: 60 s).
    const outEsm = run("node", ["example.mjs"], app, 60_000);
    const outCjs = run("node", ["example.cjs"], app, 60_000);
    if (outEsm !== outCjs)
      throw new Error(`ESM and CJS printed different output:\n${outEsm}\n---\n${outCjs}`);
    const sizes = tarballs.map((t) => `${t.split("/").pop()}`).join(", ");
    console.log(`ok ${name}: installed alone from ${sizes}; README example ran as ESM and CJS:`);
    console.log(outEsm.replace(/^/gm, "   "));
  } catch (err) {
    failed = true;
    console.error(`FAIL ${name}: ${err.message}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
rmSync(shared, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
