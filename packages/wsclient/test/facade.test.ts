import { readFileSync } from "node:fs";
import { type EchoServer, startEchoServer } from "@wsclient-tools/echo-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  __version__,
  ABNF,
  createConnection,
  debug,
  dump,
  enableTrace,
  isEnabledForDebug,
  isEnabledForError,
  isEnabledForTrace,
  STATUS_NORMAL,
  WebSocketConnectionClosedException,
} from "../src/index.js";

let server: EchoServer;
beforeAll(async () => {
  server = await startEchoServer();
});
afterAll(async () => {
  enableTrace(false);
  await server.close();
});

describe("the facade", () => {
  it("round-trips a message through createConnection, as Python's first example", async () => {
    const ws = await createConnection(server.url, { timeout: 5000 });
    expect(await ws.send("Hello, World")).toBe(18); // Python: the frame length (2 + 4 mask + 12)
    expect(await ws.recv()).toBe("Hello, World");
    await ws.close({ status: STATUS_NORMAL });
    await expect(ws.recv()).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
  });

  it("enableTrace routes the handshake and frames, and the Python logging helpers, to the handler", async () => {
    const lines: string[] = [];
    enableTrace(true, (line) => lines.push(line));
    expect([isEnabledForTrace(), isEnabledForDebug(), isEnabledForError()]).toEqual([
      true,
      true,
      true,
    ]);
    const ws = await createConnection(server.url);
    await ws.send("traced");
    await ws.recv();
    await ws.close();
    dump("title", "body");
    debug("a debug line");
    enableTrace(false);
    debug("not logged");
    expect(isEnabledForTrace()).toBe(false);
    expect(lines).toContain("--- request header ---");
    expect(lines.some((l) => l.startsWith("++Sent"))).toBe(true);
    expect(lines.slice(-4)).toEqual([
      "--- title ---",
      "body",
      "-----------------------",
      "a debug line",
    ]);
  });

  it("__version__ is the package's version; ABNF keeps Python's statics", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(__version__).toBe(pkg.version);
    expect(ABNF.OPCODE_TEXT).toBe(1);
  });
});
