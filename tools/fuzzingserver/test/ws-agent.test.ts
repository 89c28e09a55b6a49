import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FuzzingServer } from "../src/index";
import { notOk, waitForResults } from "./helpers";
import { echoCase, fetchText } from "./ws-agent";

// `ws` 8.23 at its defaults, graded by the real Autobahn fuzzingserver on
// cases 1-10: 290 OK, NON-STRICT on 6.4.1-6.4.4 (it validates UTF-8 per
// message, not per fragment), INFORMATIONAL on 7.1.6, 7.13.1, 7.13.2, and
// FAILED on 9.3.1, 9.3.2, 9.4.1, 9.4.2 (its 16384-fragment limit closes with 1008).
const WS_NOT_OK = {
  "6.4.1": "NON-STRICT/OK",
  "6.4.2": "NON-STRICT/OK",
  "6.4.3": "NON-STRICT/OK",
  "6.4.4": "NON-STRICT/OK",
  "7.1.6": "INFORMATIONAL/INFORMATIONAL",
  "7.13.1": "INFORMATIONAL/INFORMATIONAL",
  "7.13.2": "INFORMATIONAL/INFORMATIONAL",
  "9.3.1": "FAILED/FAILED",
  "9.3.2": "FAILED/FAILED",
  "9.4.1": "FAILED/FAILED",
  "9.4.2": "FAILED/FAILED",
};

let server: FuzzingServer;
let outdir: string;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), "fuzzingserver-"));
  server = await FuzzingServer.start({
    outdir,
    cases: ["1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "9.*", "10.*"],
  });
});

afterAll(async () => {
  await server.close();
  await rm(outdir, { recursive: true, force: true });
});

describe("client-mode protocol", () => {
  it("/getCaseCount sends the number of cases 1-10 (301)", async () => {
    expect(await fetchText(`${server.url}/getCaseCount`)).toBe("301");
  });

  it("/getCaseInfo names the case as Autobahn does", async () => {
    const first = JSON.parse(await fetchText(`${server.url}/getCaseInfo?case=1`));
    expect(first.id).toBe("1.1.1");
    const last = JSON.parse(await fetchText(`${server.url}/getCaseInfo?case=301`));
    expect(last.id).toBe("10.1.1");
    const ids = server.cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(301);
    expect(ids.filter((id) => id.startsWith("6.")).length).toBe(145);
    expect(ids).toContain("6.22.34");
    expect(ids).toContain("7.9.9");
    expect(ids).toContain("9.8.6");
  });
});

describe("ws 8.23 as the agent, cases 1-10", () => {
  it("gets the grades real Autobahn gives it", async () => {
    const count = server.cases.length;
    for (let i = 1; i <= count; i++) await echoCase(`${server.url}/runCase?case=${i}&agent=ws`);
    const results = await waitForResults(server, "ws", count);
    expect(notOk(results)).toEqual(WS_NOT_OK);
    const ok = [...results.values()].filter((r) => r.behavior === "OK").length;
    expect(ok).toBe(290);
    expect(results.get("9.3.1")?.remoteCloseCode).toBe(1008);
    expect(results.get("6.4.1")?.remoteCloseCode).toBe(1007);
  });

  it("/getCaseStatus reports the last verdict", async () => {
    const no = server.cases.findIndex((c) => c.id === "6.4.1") + 1;
    const status = JSON.parse(await fetchText(`${server.url}/getCaseStatus?case=${no}&agent=ws`));
    expect(status).toEqual({ behavior: "NON-STRICT" });
  });

  it("/updateReports writes index.json in Autobahn's shape and an HTML index", async () => {
    await fetchText(`${server.url}/updateReports?agent=ws`);
    const index = JSON.parse(await readFile(join(outdir, "index.json"), "utf8"));
    expect(Object.keys(index.ws)).toHaveLength(301);
    expect(index.ws["1.1.1"]).toMatchObject({
      behavior: "OK",
      behaviorClose: "OK",
      remoteCloseCode: 1000,
      reportfile: "ws_case_1_1_1.json",
    });
    expect(typeof index.ws["1.1.1"].duration).toBe("number");
    const detail = JSON.parse(await readFile(join(outdir, "ws_case_6_4_1.json"), "utf8"));
    expect(detail.received).toEqual([
      ["timeout", "A"],
      ["timeout", "B"],
    ]);
    expect(detail.wirelog.some((e: unknown[]) => e[0] === "CT")).toBe(true);
    const html = await readFile(join(outdir, "index.html"), "utf8");
    expect(html).toContain("NON-STRICT");
  });
});
