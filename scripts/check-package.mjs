#!/usr/bin/env node
// `check:package` of every published package (run in the package's directory,
// after its build): checks the tarball consumers get, not the workspace view.
//   1. `publishConfig.exports` is `exports` without the workspace-only
//      `@wsclient/source` condition (so the two cannot drift apart);
//   2. `pnpm pack` (which applies `publishConfig`) makes the tarball; its
//      package.json names no `@wsclient/source` condition and no `./src/`
//      path, and it holds LICENSE, README.md and package.json;
//   3. publint --strict and attw run on that tarball (attw's own `--pack`
//      would run `npm pack`, which ignores `publishConfig`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";

const SOURCE = "@wsclient/source";
const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

function withoutSource(value) {
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== SOURCE)
      .map(([k, v]) => [k, withoutSource(v)]),
  );
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : `${r.status ?? r.signal}`;
    throw new Error(`${cmd} ${args.join(" ")} failed (${why}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

const problems = [];
if (!isDeepStrictEqual(pkg.publishConfig?.exports, withoutSource(pkg.exports))) {
  problems.push(
    `publishConfig.exports must be "exports" without the "${SOURCE}" condition:\n` +
      JSON.stringify(withoutSource(pkg.exports), null, 2),
  );
}
const out = mkdtempSync(join(tmpdir(), "wsclient-check-package-"));
try {
  run("pnpm", ["pack", "--pack-destination", out]);
  const made = readdirSync(out);
  if (made.length !== 1) throw new Error(`pnpm pack made ${made.length} files`);
  const tarball = join(out, made[0]);
  const files = run("tar", ["-tzf", tarball]).split("\n").filter(Boolean);
  for (const f of ["package/package.json", "package/README.md", "package/LICENSE"]) {
    if (!files.includes(f)) problems.push(`the tarball has no ${f.slice("package/".length)}`);
  }
  const packed = run("tar", ["-xzOf", tarball, "package/package.json"]);
  if (packed.includes(SOURCE)) problems.push(`the packed package.json still names "${SOURCE}"`);
  if (/"\.\/src\//.test(packed)) problems.push("the packed package.json points into ./src/");
  if (problems.length === 0) {
    process.stdout.write(run("publint", ["--strict", tarball]));
    process.stdout.write(run("attw", [tarball]));
  }
} catch (error) {
  problems.push(error.message);
} finally {
  rmSync(out, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`check:package ${pkg.name}:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(
  `ok ${pkg.name}: the packed package.json has no "${SOURCE}" condition; publint and attw clean`,
);
