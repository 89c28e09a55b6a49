#!/usr/bin/env node
// `pnpm check:deps`: the dependency rules of DESIGN.md, checked by
// dependency-cruiser (.dependency-cruiser.cjs), plus what that tool cannot
// say on its own: every package.json dependency is used, and every import
// is declared.
//   - runtime code (a package's src/ minus tests) imports only its own
//     `dependencies`/`peerDependencies`, and each of those is imported by it;
//   - tests, helpers and configs import only what the package or the root
//     declares (dev dependencies included);
//   - a workspace dev dependency (@wsclient*) is imported by some file.
// Each violation is printed with the file, the import and the rule.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";

const bin = (pkg, name) => {
  const dir = join("node_modules", pkg);
  const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return join(dir, typeof json.bin === "string" ? json.bin : json.bin[name]);
};
const depcruise = bin("dependency-cruiser", "depcruise");
const depcruiseFmt = bin("dependency-cruiser", "depcruise-fmt");

mkdirSync(".tmp", { recursive: true });
const out = ".tmp/dependency-cruiser.json";
const KNOWN = ".dependency-cruiser-known-violations.json";
const cruise = spawnSync(
  process.execPath,
  [
    depcruise,
    "packages",
    "tools",
    "compliance",
    "--config",
    ".dependency-cruiser.cjs",
    "--output-type",
    "json",
    "--output-to",
    out,
    // Violations known and scheduled to go (see the file's entries); a new one fails.
    ...(existsSync(KNOWN) ? ["--ignore-known", KNOWN] : []),
  ],
  { stdio: "inherit" },
);
if (cruise.status !== 0 || !existsSync(out)) {
  console.error("check:deps: dependency-cruiser did not run");
  process.exit(1);
}
// The rules of .dependency-cruiser.cjs, as "error <rule>: <from> → <to>" lines.
const rules = spawnSync(process.execPath, [depcruiseFmt, "--output-type", "err", "-e", out], {
  stdio: "inherit",
});

const result = JSON.parse(readFileSync(out, "utf8"));
const root = JSON.parse(readFileSync("package.json", "utf8"));
const rootDev = new Set(Object.keys({ ...root.dependencies, ...root.devDependencies }));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The workspace package (folder) a file belongs to, with its manifest. */
const manifests = new Map();
function packageOf(source) {
  const m = /^(packages\/[^/]+|tools\/[^/]+|compliance)\//.exec(source);
  if (m === null) return undefined;
  const dir = m[1];
  if (!manifests.has(dir)) {
    const file = join(dir, "package.json");
    manifests.set(dir, existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null);
  }
  const json = manifests.get(dir);
  return json === null ? undefined : { dir, json };
}

const TEST = /(\.test\.ts$|\/test\/|\/test-support\.ts$|\/__tests__\/)/;
const isRuntime = (source) => /^packages\/[^/]+\/src\//.test(source) && !TEST.test(source);
const packageName = (specifier) => {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
};

const problems = [];
/** dir → names imported by runtime code / by any file */
const usedAtRuntime = new Map();
const usedAnywhere = new Map();
for (const mod of result.modules) {
  const owner = packageOf(mod.source);
  if (owner === undefined) continue;
  const { dir, json } = owner;
  const runtime = isRuntime(mod.source);
  for (const dep of mod.dependencies) {
    const spec = dep.module;
    if (spec.startsWith(".") || spec.startsWith("/") || builtins.has(spec)) continue;
    if (dep.dependencyTypes.includes("core")) continue;
    const name = packageName(spec);
    if (!usedAnywhere.has(dir)) usedAnywhere.set(dir, new Set());
    usedAnywhere.get(dir).add(name);
    if (name === json.name) continue; // a package may import itself by name
    const declared = { ...json.dependencies, ...json.peerDependencies };
    if (runtime) {
      if (!usedAtRuntime.has(dir)) usedAtRuntime.set(dir, new Set());
      usedAtRuntime.get(dir).add(name);
      if (!(name in declared)) {
        problems.push(
          `error used-but-undeclared: ${mod.source} → ${spec} (add "${name}" to ${dir}/package.json "dependencies")`,
        );
      }
    } else if (
      !(name in declared) &&
      !(name in (json.devDependencies ?? {})) &&
      !rootDev.has(name)
    ) {
      problems.push(
        `error used-but-undeclared: ${mod.source} → ${spec} (add "${name}" to ${dir}/package.json "devDependencies")`,
      );
    }
  }
}
for (const [dir, json] of manifests) {
  if (json === null) continue;
  const publishedPackage = dir.startsWith("packages/");
  for (const name of Object.keys({ ...json.dependencies, ...json.peerDependencies })) {
    const used = (publishedPackage ? usedAtRuntime : usedAnywhere).get(dir);
    if (used?.has(name)) continue;
    const where = publishedPackage ? `${dir}/src (outside tests)` : dir;
    problems.push(
      `error declared-but-unused: ${dir}/package.json declares "${name}" but nothing in ${where} imports it (remove it, or move it to devDependencies if only tests use it)`,
    );
  }
  for (const name of Object.keys(json.devDependencies ?? {})) {
    if (!name.startsWith("@wsclient") || usedAnywhere.get(dir)?.has(name)) continue;
    problems.push(
      `error declared-but-unused: ${dir}/package.json devDependencies has "${name}" but no file in ${dir} imports it`,
    );
  }
}

for (const p of problems) console.error(p);
if (problems.length > 0) {
  console.error(`\nx ${problems.length} package.json dependency problem(s).`);
}
if (rules.status !== 0 || problems.length > 0) process.exit(1);
console.log("check:deps: dependency rules and package.json dependencies are clean.");
