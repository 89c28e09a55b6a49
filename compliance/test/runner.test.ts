import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FuzzingServer } from "@wsclient-tools/fuzzingserver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCompliance } from "../src/compliance";

const root = resolve(import.meta.dirname, "..");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "compliance-runner-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("against a server given by URL (as a real Autobahn fuzzingserver)", () => {
  it("finds cases through /getCaseInfo and reads verdicts through /getCaseStatus", async () => {
    const server = await FuzzingServer.start({
      cases: ["1.1.*", "2.*"],
      outdir: join(dir, "external"),
    });
    try {
      const run = await runCompliance({
        url: server.url,
        agent: "wsclient",
        spec: {},
        cases: ["1.1.1", "2.1"],
        outdir: join(dir, "unused"),
      });
      expect(run.verdicts).toEqual({ "1.1.1": { behavior: "OK" }, "2.1": { behavior: "OK" } });
      expect(server.results.get("wsclient")?.size).toBe(2);
    } finally {
      await server.close();
    }
  });
});

describe("pnpm compliance exit status", () => {
  const runCli = (expected: unknown) => {
    const file = join(dir, `expected-${Math.random().toString(36).slice(2)}.json`);
    return writeFile(file, JSON.stringify(expected)).then(() =>
      spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "--conditions=@wsclient/source",
          join(root, "src/run.ts"),
          "--cases",
          "1.1.1",
          "--expected",
          file,
          "--outdir",
          join(dir, "reports"),
          "--quiet",
        ],
        { cwd: root, encoding: "utf8", timeout: 60_000 },
      ),
    );
  };

  it("is 0 when every verdict is as expected", async () => {
    const r = await runCli({ wsclient: { "1.1.1": { behavior: "OK", behaviorClose: "OK" } } });
    expect(r.stdout).toContain("every verdict as expected");
    expect(r.status).toBe(0);
  });

  it("is 1 when a verdict differs from the expected one", async () => {
    const r = await runCli({
      wsclient: { "1.1.1": { behavior: "NON-STRICT", behaviorClose: "OK" } },
    });
    expect(r.stderr).toContain("1.1.1: behavior OK, expected NON-STRICT");
    expect(r.status).toBe(1);
  });
});
