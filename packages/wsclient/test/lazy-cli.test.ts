import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");

// A resolve hook that prints every module the child loads from the CLI
// package or commander, then the child imports the facade (from source,
// through tsx) and, when asked, calls `wsdump(["--version"])`.
const hook = `export async function resolve(s, c, next) {
  const r = await next(s, c);
  if (/node_modules\\/commander\\/|packages\\/cli\\/src\\/main\\.ts/.test(r.url)) process.stdout.write("LOADED " + r.url + "\\n");
  return r;
}`;
function child(callWsdump: boolean): string {
  const script = `
import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}));
const facade = await import("@wsclient/client");
process.stdout.write("IMPORTED " + typeof facade.createConnection + "\\n");
${callWsdump ? 'await facade.wsdump(["--help"], { stdout: { write() { return true; } } });' : ""}
`;
  const r = spawnSync(
    process.execPath,
    ["--conditions=@wsclient/source", "--import", "tsx", "--input-type=module", "-e", script],
    { cwd: pkgDir, encoding: "utf8", timeout: 60_000 },
  );
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("importing the facade", () => {
  it("does not load the CLI or commander", () => {
    const out = child(false);
    expect(out).toContain("IMPORTED function");
    expect(out).not.toContain("LOADED");
  });

  it("loads them on the first wsdump() call (the hook sees them)", () => {
    const out = child(true);
    expect(out).toMatch(/LOADED .*packages\/cli\/src\/main\.ts/);
    expect(out).toMatch(/LOADED .*node_modules\/commander\//);
  });
});
