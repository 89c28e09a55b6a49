import { type EchoServer, startEchoServer } from "@wsclient-tools/echo-server";
import { type Peer, startMicrosocks, startTinyproxy } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump } from "./helpers/run-wsdump.js";

// Real proxies from Debian (scripts/peers.txt): tinyproxy for HTTP CONNECT
// with Basic auth, microsocks for SOCKS5 with username/password.
let echo: EchoServer;
let tinyproxy: Peer;
let microsocks: Peer;
beforeAll(async () => {
  [echo, tinyproxy, microsocks] = await Promise.all([
    startEchoServer(),
    startTinyproxy("alice", "s3cret"),
    startMicrosocks("bob", "pa:ss"),
  ]);
});
afterAll(async () => {
  await Promise.all([echo?.close(), tinyproxy?.stop(), microsocks?.stop()]);
});

/** An environment without the caller's proxy variables. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/_proxy$/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

describe("--proxy through real proxies", () => {
  it("HTTP CONNECT with Basic auth (tinyproxy)", async () => {
    const r = await runWsdump(
      [echo.url, "--proxy", `http://alice:s3cret@127.0.0.1:${tinyproxy.port}`],
      {
        input: "via http\n",
        env: cleanEnv(),
      },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("via http\n");
    expect(r.code).toBe(EXIT.OK);
    expect(tinyproxy.output()).toMatch(/CONNECT/);
  });

  it("HTTP CONNECT with a wrong password: exit 3, one line", async () => {
    const r = await runWsdump(
      [echo.url, "--proxy", `http://alice:wrong@127.0.0.1:${tinyproxy.port}`],
      {
        input: "x\n",
        env: cleanEnv(),
      },
    );
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/407|auth/i);
  });

  it("SOCKS5 with username/password, percent-encoded (microsocks)", async () => {
    const r = await runWsdump(
      [echo.url, "-p", `socks5://bob:pa%3Ass@127.0.0.1:${microsocks.port}`],
      {
        input: "via socks5\n",
        env: cleanEnv(),
      },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("via socks5\n");
    expect(r.code).toBe(EXIT.OK);
  });

  it("SOCKS5h (remote DNS) resolves localhost at the proxy", async () => {
    const r = await runWsdump(
      [`ws://localhost:${echo.port}/`, "-p", `socks5h://bob:pa%3Ass@127.0.0.1:${microsocks.port}`],
      { input: "via socks5h\n", env: cleanEnv() },
    );
    expect(r.stdout).toBe("via socks5h\n");
    expect(r.code).toBe(EXIT.OK);
  });

  it("the proxy password never shows in -v output", async () => {
    const r = await runWsdump(
      [echo.url, "-v", "-p", `http://alice:s3cret@127.0.0.1:${tinyproxy.port}`],
      {
        input: "",
        env: cleanEnv(),
      },
    );
    expect(r.code).toBe(EXIT.OK);
    expect(r.stderr).not.toContain("s3cret");
    expect(r.stdout).not.toContain("s3cret");
  });
});

describe("environment proxies", () => {
  it("honours http_proxy by default", async () => {
    const connects = (): number => tinyproxy.output().match(/CONNECT/g)?.length ?? 0;
    const before = connects();
    const r = await runWsdump([echo.url, "-v"], {
      input: "via env\n",
      env: cleanEnv({ http_proxy: `http://alice:s3cret@127.0.0.1:${tinyproxy.port}` }),
    });
    expect(r.stdout).toContain("text: via env");
    expect(r.code).toBe(EXIT.OK);
    expect(connects()).toBeGreaterThan(before);
  });

  it("--no-proxy ignores it", async () => {
    // A proxy that does not exist: only a direct connection can work.
    const env = cleanEnv({ http_proxy: "http://127.0.0.1:9", all_proxy: "socks5://127.0.0.1:9" });
    const withEnv = await runWsdump([echo.url], { input: "x\n", env });
    expect(withEnv.code).toBe(EXIT.CONNECT);
    const direct = await runWsdump([echo.url, "--no-proxy"], { input: "direct\n", env });
    expect(direct.stdout).toBe("direct\n");
    expect(direct.code).toBe(EXIT.OK);
  });
});
