import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { type EchoServer, startEchoServer } from "@wsclient-tools/echo-server";
import { onHead, type RawServer, startRawServer } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump, WSDUMP_COMMAND } from "./helpers/run-wsdump.js";

// The flags wscat users reach for, and the exit statuses scripts rely on:
// real wsdump processes against the local echo server and scripted peers.
let echo: EchoServer;
const raw: RawServer[] = [];
beforeAll(async () => {
  echo = await startEchoServer();
});
afterAll(async () => {
  await Promise.all([echo?.close(), ...raw.map((s) => s.close())]);
});

/** An environment without the caller's proxy variables. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/_proxy$/i.test(k)) env[k] = v;
  return env;
}

describe("--version", () => {
  it("prints the package version and exits 0", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-V"]) {
      const r = await runWsdump([flag]);
      expect(r.stdout).toBe(`${pkg.version}\n`);
      expect(r.code).toBe(EXIT.OK);
    }
  });
});

describe("usage errors exit 2, before connecting", () => {
  it.each([
    ["ws://", /^error: Invalid WebSocket URL "ws:\/\/": the host is missing$/m],
    ["not a url", /^error: Invalid WebSocket URL "not a url": no scheme/m],
    ["ftp://127.0.0.1/", /^error: .*scheme "ftp"/m],
    ["ws://127.0.0.1:99999/", /^error: .*port 99999/m],
  ])("a malformed URL %j", async (url, message) => {
    const r = await runWsdump([url]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a malformed --proxy, named as the flag", async () => {
    const r = await runWsdump([echo.url, "--proxy", "gopher://127.0.0.1:70"]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/^error: --proxy "gopher:\/\/127.0.0.1:70": scheme "gopher"/);
  });

  it("--auth without a colon", async () => {
    const r = await runWsdump([echo.url, "--auth", "alice"]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toContain('--auth must be "user:password"');
  });
});

describe("a closed output pipe (wsdump … | head -1)", () => {
  it("ends quietly with status 0", async () => {
    const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const wsdump = [...WSDUMP_COMMAND, `${echo.url}/push?n=100000&size=20&interval=1`]
      .map(quote)
      .join(" ");
    // stdin stays open: only the closed stdout can end this run.
    const child = spawn("bash", ["-c", `${wsdump} | head -1; exit "\${PIPESTATUS[0]}"`], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      const t = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`did not end: ${stderr}`));
      }, 30_000);
      child.once("close", (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    child.stdin.destroy();
    expect(stdout.split("\n")).toHaveLength(2); // one line, as head printed it
    expect(stderr).toBe("");
    expect(code).toBe(EXIT.OK);
  }, 40_000);
});

describe("--auth user:pass", () => {
  it("sends HTTP Basic credentials in the handshake, redacted in -v output", async () => {
    const r = await runWsdump([`${echo.url}/headers`, "--auth", "alice:s3:cret", "-v"], {
      input: "",
    });
    expect(r.code).toBe(EXIT.OK);
    const json = r.stdout
      .split("\n")
      .find((l) => l.startsWith("text: {"))!
      .slice("text: ".length);
    const headers = JSON.parse(json) as Record<string, string>;
    expect(headers.authorization).toBe(`Basic ${Buffer.from("alice:s3:cret").toString("base64")}`);
    expect(r.stderr).not.toContain(Buffer.from("alice:s3:cret").toString("base64"));
    expect(r.stderr).toMatch(/^Authorization: .*<redacted>$/m);
  });

  it("cannot be combined with an Authorization header", async () => {
    const r = await runWsdump([echo.url, "--auth", "a:b", "-H", "Authorization: Bearer x"]);
    expect(r.code).toBe(EXIT.USAGE);
  });
});

describe("-P / --show-ping-pong", () => {
  it("prints pings and pongs without -v", async () => {
    const shown = await runWsdump([`${echo.url}/ping?data=srv`, "-P", "--eof-wait", "0.3"], {
      input: "hi\n",
    });
    expect(shown.stdout.split("\n")).toEqual(expect.arrayContaining(["ping: b'srv'", "hi"]));
    expect(shown.code).toBe(EXIT.OK);
    const plain = await runWsdump([`${echo.url}/ping?data=srv`, "--eof-wait", "0.3"], {
      input: "hi\n",
    });
    expect(plain.stdout).toBe("hi\n");
  });
});

describe("error messages name wsdump's flags", () => {
  it("a proxy asking for credentials: exit 3, the message says --proxy, not httpProxyAuth", async () => {
    const proxy = await startRawServer((socket) =>
      onHead(socket, () =>
        socket.end(
          "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n",
        ),
      ),
    );
    raw.push(proxy);
    const r = await runWsdump([echo.url, "--proxy", `http://127.0.0.1:${proxy.port}`], {
      input: "x\n",
      env: cleanEnv(),
    });
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stderr).toContain("407");
    expect(r.stderr).toContain("--proxy");
    expect(r.stderr).not.toContain("httpProxy");
  });
});
