#!/usr/bin/env node
// Packs packages the way they are published and proves they work alone:
//   node scripts/pack-check.mjs packages/frame [packages/other ...]
// For each package: build it and its workspace dependencies (tsup), `pnpm pack`
// them, `npm install` the tarballs into an empty project outside the repo,
// then run the README's first ```ts block (types stripped) as ESM (.mjs) and
// as CJS (.cjs).
// The example must exit 0, and both module systems must print the same.
// A bare import that is not one of the packed packages (e.g. `ws`, for a
// server the example starts) is installed from the registry at the version
// the workspace root uses; top-level await runs inside an async wrapper in CJS.
// Every tarball must hold LICENSE, and only one of them may ship `wsdump`.
//
// When the facade (@wsclient/client) is among the targets, one more case: a
// user installs only the facade's tarball, and npm resolves its @wsclient/*
// dependencies from a loopback registry serving the other tarballs (as from
// npm once they are published, dependencies first: errors; frame, handshake,
// transport; core; app; cli; client). The README example runs there, and
// importing the facade (ESM and CJS) must not load @wsclient/cli or commander.
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import { packedManifest, startRegistry } from "./local-registry.mjs";

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

/**
 * The README's first ```ts block as JavaScript (types stripped by esbuild;
 * tools/api-map checks the TypeScript under --strict), and a CommonJS
 * version of it.
 */
function examples(dir) {
  const readme = readFileSync(join(dir, "README.md"), "utf8");
  const m = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error(`${dir}/README.md has no \`\`\`ts example`);
  const esm = transformSync(m[1], { loader: "ts", format: "esm", target: "node20" }).code;
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
  const files = run("tar", ["-tzf", join(shared, made[0])], shared).split("\n");
  if (!files.includes("package/LICENSE"))
    throw new Error(`the tarball of ${depName} has no LICENSE`);
  packed.set(depName, join(shared, made[0]));
  return packed.get(depName);
}

const FACADE = "@wsclient/client";

/** Prints `LOADED <url>` for every module of the CLI or commander that gets resolved. */
const LAZY_HOOK = `export async function resolve(s, c, next) {
  const r = await next(s, c);
  if (/node_modules\\/(commander|@wsclient\\/cli)\\//.test(r.url)) process.stdout.write("LOADED " + r.url + "\\n");
  return r;
}`;
const LAZY_ESM = `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(LAZY_HOOK)}));
const facade = await import("${FACADE}");
console.log("imported", typeof facade.createConnection);
if (process.argv[2] === "call") await facade.wsdump(["--help"], { stdout: { write: () => true } });
`;
const LAZY_CJS = `require("${FACADE}");
const cli = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](commander|@wsclient[\\\\/]cli)[\\\\/]/.test(f));
console.log(cli.length === 0 ? "no cli module in require.cache" : "LOADED " + cli.join(" "));
`;

/** The facade's tarball alone, its dependencies from a loopback registry. */
async function facadeOnly() {
  const work = mkdtempSync(join(tmpdir(), "wsclient-pack-facade-"));
  const registry = await startRegistry([...packed.values()]);
  try {
    const app = join(work, "app");
    mkdirSync(app);
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({ name: "facade-only", private: true }),
    );
    const { esm } = examples(workspace.get(FACADE));
    const extra = exampleDeps(esm, new Set(packed.keys()));
    const env = {
      ...process.env,
      "npm_config_@wsclient:registry": registry.url,
      npm_config_cache: join(work, "npm-cache"),
    };
    await runAsync(
      "npm",
      ["install", "--no-audit", "--no-fund", packed.get(FACADE), ...extra],
      app,
      env,
    );
    writeFileSync(join(app, "example.mjs"), esm);
    writeFileSync(join(app, "lazy.mjs"), LAZY_ESM);
    writeFileSync(join(app, "lazy.cjs"), LAZY_CJS);
    const out = run("node", ["example.mjs"], app, 60_000);
    // `npx wsdump` in the user's project: npm links the bin of the dependency @wsclient/cli.
    if (!existsSync(join(app, "node_modules", ".bin", "wsdump")))
      throw new Error("node_modules/.bin/wsdump is missing (npx wsdump would not find it)");
    const esmImport = run("node", ["lazy.mjs"], app, 60_000);
    const esmCall = run("node", ["lazy.mjs", "call"], app, 60_000);
    const cjsImport = run("node", ["lazy.cjs"], app, 60_000);
    if (esmImport.includes("LOADED") || cjsImport.includes("LOADED"))
      throw new Error(`importing the facade loaded the CLI:\n${esmImport}${cjsImport}`);
    if (!/LOADED .*commander/.test(esmCall))
      throw new Error(`the loader hook did not see wsdump() load commander:\n${esmCall}`);
    console.log(
      `ok ${FACADE}: installed from its tarball alone (dependencies from the registry); README example ran; importing it (ESM, CJS) loads neither @wsclient/cli nor commander, wsdump() does; npx wsdump finds @wsclient/cli's bin:`,
    );
    console.log(out.replace(/^/gm, "   "));
  } finally {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** `run` without blocking the event loop (the registry is served by this process). */
function runAsync(cmd, args, cwd, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const t = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.once("close", (code) => {
      clearTimeout(t);
      if (code === 0) resolvePromise(out);
      else reject(new Error(`${cmd} ${args.join(" ")} failed (${code}):\n${out}`));
    });
  });
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

// Only one package may ship `wsdump`: with two, `npm uninstall -g` of either
// removes the command the other installed.
const wsdumpBins = [...packed].filter(([, t]) => packedManifest(t).bin?.wsdump !== undefined);
if (wsdumpBins.length > 1) {
  failed = true;
  console.error(
    `FAIL more than one package ships wsdump: ${wsdumpBins.map(([n]) => n).join(", ")}`,
  );
} else {
  const which = wsdumpBins[0] ? `ships from ${wsdumpBins[0][0]} only` : "is in none of these";
  console.log(`ok every tarball holds LICENSE; the wsdump bin ${which}`);
}

if (packed.has(FACADE)) {
  try {
    await facadeOnly();
  } catch (err) {
    failed = true;
    console.error(`FAIL ${FACADE} installed alone: ${err.message}`);
  }
}
rmSync(shared, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
