import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type EchoServer, startEchoServer } from "@wsclient-tools/echo-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWsdump } from "./helpers/run-wsdump.js";

let server: EchoServer;
beforeAll(async () => {
  server = await startEchoServer();
});
afterAll(async () => {
  await server.close();
});

const lines = (s: string): string[] => s.split("\n").filter((l) => l !== "");

describe("pipe mode (stdin and stdout are pipes)", () => {
  it("sends one message per input line, prints each reply on its own line, exits 0", async () => {
    const r = await runWsdump([server.url], { input: "one\ntwo\nthree four\n" });
    expect(r.stderr).toBe("");
    expect(lines(r.stdout)).toEqual(["one", "two", "three four"]);
    expect(r.code).toBe(0);
  });

  it("-t sends its text first; input without a final newline still counts", async () => {
    const r = await runWsdump([server.url, "-t", "hello world"], { input: "last" });
    expect(lines(r.stdout)).toEqual(["hello world", "last"]);
    expect(r.code).toBe(0);
  });

  it("-r prints the raw messages, no prompt, no banner", async () => {
    const r = await runWsdump([server.url, "-r", "-t", "raw"], { input: "" });
    expect(r.stdout).toBe("raw\n");
    expect(r.code).toBe(0);
  });

  it("5000 input lines come back complete and in order", async () => {
    const input = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const r = await runWsdump([server.url, "--eof-wait", "0.2"], {
      input: `${input.join("\n")}\n`,
    });
    expect(lines(r.stdout)).toEqual(input);
    expect(r.code).toBe(0);
  });

  it("keeps long lines whole (no 64 KiB split) and multi-byte text intact", async () => {
    const long = "é".repeat(100_000);
    const r = await runWsdump([server.url], { input: `${long}\n` });
    expect(r.stdout).toBe(`${long}\n`);
  });
});

describe("-v: opcodes, handshake, frames", () => {
  it("prefixes messages with the opcode name and prints the handshake and frames on stderr", async () => {
    const r = await runWsdump([server.url, "-v", "-s", "chat"], { input: "hi\n" });
    expect(lines(r.stdout)).toEqual(["text: hi", "close: 1000"]);
    expect(r.stderr).toContain("--- request header ---");
    expect(r.stderr).toContain("GET / HTTP/1.1");
    expect(r.stderr).toContain("Sec-WebSocket-Protocol: chat");
    expect(r.stderr).toMatch(/HTTP\/1\.1 101/);
    expect(r.stderr).toContain("subprotocol: chat");
    expect(r.stderr).toContain("> frame text fin=1 rsv=000 len=2");
    expect(r.stderr).toContain("< frame text fin=1 rsv=000 len=2");
    expect(r.stderr).toContain("< frame close fin=1 rsv=000 len=2");
    expect(r.stderr).not.toContain("++Sent");
    expect(r.code).toBe(0);
  });

  it("-vv adds a hex dump of each frame and the raw traces", async () => {
    const r = await runWsdump([server.url, "-vv"], { input: "Hello\n" });
    expect(r.stderr).toContain("00000000  48 65 6c 6c 6f");
    expect(r.stderr).toContain("++Sent");
    expect(r.code).toBe(0);
  });

  it("redacts credentials in the printed handshake", async () => {
    const r = await runWsdump(
      [server.url, "-v", "-H", "Authorization: Bearer s3cret-token", "-H", "Cookie: sid=hush"],
      { input: "" },
    );
    expect(r.stderr).toMatch(/Authorization: /i);
    expect(r.stderr).not.toContain("s3cret-token");
    expect(r.stderr).not.toContain("sid=hush");
    expect(r.code).toBe(0);
  });
  it("redacts the password of ws://user:pass@ URLs and the Basic credentials it becomes", async () => {
    const url = server.url.replace("ws://", "ws://user:hunter2@");
    const r = await runWsdump([`${url}/headers`, "-v"], { input: "" });
    expect(r.code).toBe(0);
    const sent = JSON.parse(lines(r.stdout)[0]?.replace(/^text: /, "") ?? "{}") as Record<
      string,
      string
    >;
    expect(sent.authorization).toBe(`Basic ${Buffer.from("user:hunter2").toString("base64")}`);
    expect(r.stderr).toContain("connecting to ws://user:<redacted>@");
    expect(r.stderr).not.toContain("hunter2");
    expect(r.stderr).not.toContain(Buffer.from("user:hunter2").toString("base64"));
  });
});

describe("handshake options", () => {
  const sentHeaders = async (args: string[]): Promise<Record<string, string>> => {
    const r = await runWsdump([`${server.url}/headers`, ...args], { input: "" });
    expect(r.code).toBe(0);
    return JSON.parse(lines(r.stdout)[0] ?? "{}") as Record<string, string>;
  };

  it("--headers (comma separated, Python style) and repeatable -H", async () => {
    const h = await sentHeaders(["--headers", "X-A: 1, X-B: 2", "-H", "X-C: has, a comma"]);
    expect(h["x-a"]).toBe("1");
    expect(h["x-b"]).toBe("2");
    expect(h["x-c"]).toBe("has, a comma");
  });

  it("-o sets Origin, -s offers subprotocols", async () => {
    const h = await sentHeaders(["-o", "https://example.test", "-s", "chat", "superchat"]);
    expect(h.origin).toBe("https://example.test");
    expect(h["sec-websocket-protocol"]).toBe("chat,superchat");
  });
});

describe("--timings, --count, --eof-wait", () => {
  it("--timings prefixes seconds since start", async () => {
    const r = await runWsdump([server.url, "--timings"], { input: "a\nb\n" });
    const out = lines(r.stdout);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\d+\.\d{6}: a$/);
    expect(out[1]).toMatch(/^\d+\.\d{6}: b$/);
  });

  it("--count N exits 0 after N messages", async () => {
    const r = await runWsdump([`${server.url}/push?n=50&interval=20`, "--count", "3"], {
      keepStdinOpen: true,
    });
    expect(lines(r.stdout)).toEqual(["message 1", "message 2", "message 3"]);
    expect(r.code).toBe(0);
  });

  it("--eof-wait keeps listening after the end of input", async () => {
    // Without it, wsdump closes at the end of input: a message due 20 s later never comes.
    const quick = await runWsdump([`${server.url}/push?n=2&interval=20000`], { input: "" });
    expect(lines(quick.stdout)).not.toContain("message 2");
    expect(quick.code).toBe(0);
    // With it, wsdump keeps listening; the server's close after its last message ends it.
    const patient = await runWsdump(
      [`${server.url}/push?n=3&interval=300&close=1000`, "--eof-wait", "60"],
      { input: "" },
    );
    expect(lines(patient.stdout)).toEqual(["message 1", "message 2", "message 3"]);
    expect(patient.code).toBe(0);
  });

  it("--eof-wait then closes cleanly by itself when the wait is over", async () => {
    // The server sends one message and stays open: only the end of the wait closes.
    const r = await runWsdump([`${server.url}/push?n=1`, "--eof-wait", "1"], { input: "" });
    expect(lines(r.stdout)).toEqual(["message 1"]);
    expect(r.code).toBe(0);
  });

  it("prints the messages that arrive between our close and the server's", async () => {
    // The server answers "x" before it sees our close: it must be printed.
    const r = await runWsdump([server.url], { input: "x\n" });
    expect(r.stdout).toBe("x\n");
  });
});

describe("binary", () => {
  it("-b sends lines as binary; received binary prints as Python's repr", async () => {
    const r = await runWsdump([server.url, "-b"], { input: "abc\n" });
    expect(r.stdout).toBe("b'abc'\n");
  });

  it("--hex in and out", async () => {
    const r = await runWsdump([server.url, "--hex", "-v"], { input: "00ff10\n" });
    expect(lines(r.stdout)[0]).toBe("binary: 00ff10");
    expect(r.stderr).toContain("> frame binary fin=1 rsv=000 len=3");
  });

  it("--base64 in and out", async () => {
    const r = await runWsdump([server.url, "--base64"], { input: "+/8=\n" });
    expect(r.stdout).toBe("+/8=\n");
  });

  it("received gzip and raw deflate are shown decompressed, as Python's wsdump does", async () => {
    const gz = gzipSync("gz-hello").toString("hex");
    const r = await runWsdump([server.url, "--slash"], { input: `/binary ${gz}\n/binary 00ff\n` });
    expect(lines(r.stdout)).toEqual(["[gzip] gz-hello", "b'\\x00\\xff'"]);
  });

  it("bad hex input is reported and skipped, the session goes on", async () => {
    const r = await runWsdump([server.url, "--hex"], { input: "zz\n61\n" });
    expect(r.stderr).toContain("invalid hex input");
    expect(r.stdout).toBe("61\n");
    expect(r.code).toBe(0);
  });
});

describe("control frames in pipe mode with --slash", () => {
  it("/ping gets a pong (shown with -v), /close sends our code", async () => {
    const r = await runWsdump([server.url, "--slash", "-v"], {
      input: "/ping hi\n/close 4000 bye\n",
    });
    expect(lines(r.stdout)).toContain("pong: b'hi'");
    expect(r.stderr).toContain("> frame close fin=1 rsv=000 len=5");
    expect(r.code).toBe(0);
  });

  it("a ping from the server is answered and shown with -v", async () => {
    const r = await runWsdump([`${server.url}/ping?data=srv`, "-v", "--eof-wait", "0.3"], {
      input: "",
    });
    expect(lines(r.stdout)).toContain("ping: b'srv'");
    expect(r.code).toBe(0);
  });
});

describe("Unix sockets", () => {
  it("ws+unix:///path.sock:/resource", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wsdump-unix-"));
    const unix = await startEchoServer({ path: join(dir, "echo.sock") });
    try {
      const r = await runWsdump([`${unix.url}/headers`], { input: "over unix\n" });
      expect(lines(r.stdout)[1]).toBe("over unix");
      expect(r.code).toBe(0);
    } finally {
      await unix.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
