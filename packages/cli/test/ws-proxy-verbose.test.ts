import { type EchoServer, startEchoServer } from "@wsclient-tools/echo-server";
import { freePort, type Peer, startTinyproxy } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump } from "./helpers/run-wsdump.js";

let echo: EchoServer;
let tinyproxy: Peer;
beforeAll(async () => {
  [echo, tinyproxy] = await Promise.all([startEchoServer(), startTinyproxy("carol", "hush")]);
});
afterAll(async () => {
  await Promise.all([echo?.close(), tinyproxy?.stop()]);
});

/** The caller's environment without its proxy variables, plus `extra`. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/_proxy$/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

describe("wsdump -v says which proxy it used", () => {
  it("ws_proxy (over a dead http_proxy), shown without its password", async () => {
    const dead = await freePort();
    const connects = (): number => tinyproxy.output().match(/CONNECT/g)?.length ?? 0;
    const before = connects();
    const r = await runWsdump([echo.url, "-v"], {
      input: "via ws_proxy\n",
      env: cleanEnv({
        http_proxy: `http://127.0.0.1:${dead}`,
        ws_proxy: `http://carol:hush@127.0.0.1:${tinyproxy.port}`,
      }),
    });
    expect(r.code).toBe(EXIT.OK);
    expect(r.stdout).toContain("via ws_proxy");
    expect(r.stderr).toContain(`proxy: http://127.0.0.1:${tinyproxy.port} (from ws_proxy)`);
    expect(r.stderr).not.toContain("hush");
    expect(connects()).toBeGreaterThan(before);
  });

  it("direct when no_proxy matches", async () => {
    const r = await runWsdump([echo.url, "-v"], {
      input: "direct\n",
      env: cleanEnv({ ws_proxy: "http://127.0.0.1:9", no_proxy: "127.0.0.1" }),
    });
    expect(r.code).toBe(EXIT.OK);
    expect(r.stderr).toContain("proxy: direct (no proxy)");
  });
});
