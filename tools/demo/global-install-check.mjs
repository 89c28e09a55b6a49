#!/usr/bin/env node
// Proves that `npm install -g` of the packed CLI package gives a working
// `wsdump`, outside the workspace, and that `npm install -g` of the facade
// (@wsclient/client) does not install a second `wsdump` (only @wsclient/cli
// ships the command, so uninstalling one never removes the other's):
//   node tools/demo/global-install-check.mjs [packages/cli] [packages/wsclient]
// For each package: build and `pnpm pack` it and its workspace dependencies;
// serve the @wsclient/* tarballs from a throwaway loopback registry (only the
// @wsclient scope points at it; commander, socks … come from the npm
// registry as usual); `npm install -g --prefix <tmp>` the package's tarball;
// run `<tmp>/bin/wsdump` against the local echo server with -t "hello world"
// and check the echo. Bounded; cleans up after itself.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startRegistry } from "../../scripts/local-registry.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const targets =
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["packages/cli", "packages/wsclient"];
/** The one package whose global install gives `wsdump`. */
const WSDUMP_PACKAGE = "@wsclient/cli";

const workspace = new Map();
for (const d of readdirSync(join(root, "packages"))) {
  try {
    const pkg = JSON.parse(readFileSync(join(root, "packages", d, "package.json"), "utf8"));
    workspace.set(pkg.name, join(root, "packages", d));
  } catch {}
}
const readPkg = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
function closure(dir, seen = new Map()) {
  const pkg = readPkg(dir);
  if (seen.has(pkg.name)) return seen;
  for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
    if (String(range).startsWith("workspace:")) closure(workspace.get(name), seen);
  }
  seen.set(pkg.name, dir);
  return seen;
}
function run(cmd, args, cwd, env = process.env) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(" ")} failed (${r.status ?? r.signal} ${r.error?.message ?? ""}):\n${r.stdout}\n${r.stderr}`,
    );
  return r.stdout;
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

/** Runs `bin url -t "hello world"` with stdin at EOF; resolves with its output and status (20 s max). */
function runWsdump(bin, url, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, [url, "-t", "hello world"], {
      stdio: ["ignore", "pipe", "pipe"],
      env,
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const t = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`wsdump did not exit within 20 s: ${out}`));
    }, 20_000);
    child.once("close", (code) => {
      clearTimeout(t);
      resolvePromise({ code, out });
    });
  });
}

const { startEchoServer } = await import(join(root, "tools/echo-server/dist/index.js"));
let failed = false;
for (const target of targets) {
  const dir = resolve(root, target);
  const name = readPkg(dir).name;
  const work = mkdtempSync(join(tmpdir(), "wsclient-global-"));
  let registry;
  let echo;
  try {
    const tarDir = join(work, "tarballs");
    mkdirSync(tarDir);
    const tarballs = new Map();
    for (const [depName, depDir] of closure(dir)) {
      run("pnpm", ["run", "build"], depDir);
      const before = new Set(readdirSync(tarDir));
      run("pnpm", ["pack", "--pack-destination", tarDir], depDir);
      const made = readdirSync(tarDir).filter((f) => !before.has(f));
      tarballs.set(depName, join(tarDir, made[0]));
    }
    registry = await startRegistry([...tarballs.values()]);
    const prefix = join(work, "global");
    const env = {
      ...process.env,
      npm_config_prefix: prefix,
      "npm_config_@wsclient:registry": registry.url,
      npm_config_cache: join(work, "npm-cache"),
      npm_config_audit: "false",
      npm_config_fund: "false",
      NO_COLOR: "1",
    };
    await runAsync("npm", ["install", "-g", tarballs.get(name)], work, env);
    const bin = join(prefix, "bin", "wsdump");
    if (name !== WSDUMP_PACKAGE) {
      if (existsSync(bin)) throw new Error(`npm install -g ${name} installed a wsdump command`);
      console.log(`ok ${name}: npm install -g of the packed tarball installs no wsdump command`);
      continue;
    }
    echo = await startEchoServer();
    const r = await runWsdump(bin, echo.url, env);
    if (r.code !== 0 || r.out !== "hello world\n") {
      throw new Error(`wsdump exited ${r.code} and printed ${JSON.stringify(r.out)}`);
    }
    console.log(
      `ok ${name}: npm install -g of the packed tarball gives a wsdump that echoes "hello world" (exit 0)`,
    );
  } catch (err) {
    failed = true;
    console.error(`FAIL ${name}: ${err.message}`);
  } finally {
    await echo?.close();
    await registry?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
