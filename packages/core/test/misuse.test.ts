import { WebSocketException } from "@wsclient/errors";
import { rawHandshake, startRawServer, startUpgradedServer } from "@wsclient-tools/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createConnection, WebSocket } from "../src/index.js";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that closes with `code`/`reason` when it receives a close frame, recording it. */
async function closingServer() {
  const closes: Buffer[] = [];
  const raw = await startRawServer((socket) =>
    rawHandshake(socket, (s) => {
      s.on("data", (chunk: Buffer) => {
        if ((chunk[0]! & 0x0f) === 8) {
          const len = chunk[1]! & 0x7f;
          const key = chunk.subarray(2, 6);
          const payload = Buffer.from(chunk.subarray(6, 6 + len).map((b, i) => b ^ key[i % 4]!));
          closes.push(payload);
          s.end(Buffer.concat([Buffer.from([0x88, payload.length]), payload]));
        }
      });
    }),
  );
  servers.push(raw);
  return { url: raw.url, closes };
}

describe("habits from ws, browsers and Python are typed errors that say what to write", () => {
  it("new WebSocket(url) says to use createConnection(url) or connect(url)", () => {
    expect(() => new WebSocket("ws://example.com/" as never)).toThrow(
      /createConnection\("ws:\/\/example.com\/"\)/,
    );
  });

  it("an unknown option names itself (and a ws habit gets its replacement)", async () => {
    await expect(
      createConnection("ws://127.0.0.1:9/", { perMessageDeflate: false } as never),
    ).rejects.toThrow(/unknown option "perMessageDeflate": use compression/);
    expect(() => new WebSocket({ maxpayload: 1 } as never)).toThrow(/did you mean maxPayload/);
    await expect(
      new WebSocket().connect("ws://127.0.0.1:9/", { maxPayload: 5 } as never),
    ).rejects.toThrow(/maxPayload is an option of new WebSocket/);
  });

  it("options of the wrong type are checked at the boundary, naming the option", async () => {
    await expect(
      createConnection("ws://127.0.0.1:9/", { signal: "nope" } as never),
    ).rejects.toThrow(/signal must be an AbortSignal, got "nope"/);
    expect(() => new WebSocket({ getMaskKey: 4 } as never)).toThrow(
      /getMaskKey must be a function/,
    );
    expect(() => new WebSocket({ maxPayload: -1 })).toThrow(/maxPayload must be an integer ≥ 0/);
  });

  it("recv({ signal: 'nope' }) is a typed error, not a TypeError from inside", async () => {
    const { url } = await closingServer();
    const ws = await createConnection(url, { timeout: 3000 });
    const err = await ws.recv({ signal: "nope" as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketException);
    expect((err as Error).message).toMatch(/recv\(\): signal must be an AbortSignal/);
    ws.shutdown();
  });

  it("each call's options are checked by the one option checker: key, type, what to write", async () => {
    const { url } = await closingServer();
    const ws = await createConnection(url, { timeout: 3000 });
    await expect(ws.recv({ timeout: -1 })).rejects.toThrow(
      /recv\(\): timeout must be a number of milliseconds or null, got -1/,
    );
    await expect(ws.recvData(false, { singal: null } as never)).rejects.toThrow(
      /recvData\(\): unknown option "singal": it takes \{ signal, timeout \}/,
    );
    await expect(ws.send("x", { opcode: "1" } as never)).rejects.toThrow(
      /send\(\): opcode must be a number, got "1"/,
    );
    await expect(ws.send("x", { binary: true } as never)).rejects.toThrow(
      /send\(\): unknown option "binary": it takes \{ opcode, compress \}/,
    );
    await expect(ws.ping("x", { waitpong: true } as never)).rejects.toThrow(
      /ping\(\): unknown option "waitpong": did you mean waitPong\?/,
    );
    await expect(ws.close({ timeout: "3" } as never)).rejects.toThrow(
      /close\(\): timeout must be a number of milliseconds or null, got "3"/,
    );
    await expect(ws.close({ code: 4000 } as never)).rejects.toThrow(
      /close\(\): unknown option "code": it takes \{ status, reason, timeout \}/,
    );
    ws.shutdown();
  });

  it("an aborted recv rejects with name AbortError and stays a WebSocketException", async () => {
    const { url } = await closingServer();
    const ws = await createConnection(url, { timeout: 3000 });
    const controller = new AbortController();
    const pending = ws.recv({ signal: controller.signal });
    controller.abort();
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketException);
    expect((err as Error).name).toBe("AbortError");
    ws.shutdown();
  });
});

describe("close(code, reason) — the ws/browser form — sends that code", () => {
  it("close(4000, 'bye') sends 4000 'bye'; closeCode/closeReason/closedBy stay after the end", async () => {
    const server = await closingServer();
    const ws = await createConnection(server.url, { timeout: 3000 });
    expect(ws.closeCode).toBeNull();
    await ws.close(4000, "bye");
    expect(server.closes[0]?.readUInt16BE(0)).toBe(4000);
    expect(server.closes[0]?.subarray(2).toString()).toBe("bye");
    expect([ws.closeCode, ws.closeReason, ws.closedBy]).toEqual([4000, "bye", "local"]);
  });

  it("anything else is a typed error", async () => {
    const ws = new WebSocket();
    await expect(ws.close("4000" as never)).rejects.toThrow(
      /close\(\) takes close\(\{ status, reason, timeout \}\) or close\(code, reason\)/,
    );
    await expect(ws.close({ code: 4000 } as never)).rejects.toThrow(/unknown option "code"/);
    await expect(ws.close(70000)).rejects.toThrow(WebSocketException);
  });

  it("after for await ends on the server's close, its code and reason are on the socket", async () => {
    const raw = await startUpgradedServer((s) => {
      s.write(Buffer.from([0x81, 0x02, 0x68, 0x69])); // "hi"
      s.write(Buffer.from([0x88, 0x06, 0x0f, 0xa1, 0x62, 0x79, 0x65, 0x21])); // 4001 "bye!"
      s.on("data", () => {});
    });
    servers.push(raw);
    const ws = await createConnection(raw.url, { timeout: 3000 });
    const got: unknown[] = [];
    for await (const msg of ws) got.push(msg);
    expect(got).toEqual(["hi"]);
    expect([ws.closeCode, ws.closeReason, ws.closedBy]).toEqual([4001, "bye!", "remote"]);
    ws.shutdown();
  });
});

describe("the opening handshake has its own timeout (openTimeout, default 10 s)", () => {
  it("a server that accepts TCP and never answers the upgrade fails after 10 s of fake time", async () => {
    const raw = await startRawServer((socket) => socket.on("data", () => {}));
    servers.push(raw);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const pending = createConnection(raw.url).catch((e: unknown) => e);
    await vi.waitFor(() => expect(raw.connections()).toBe(1), { interval: 5, timeout: 5000 });
    await vi.advanceTimersByTimeAsync(9_000);
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_100);
    const err = await pending;
    expect((err as Error).name).toBe("WebSocketTimeoutException");
  });

  it("openTimeout: null waits forever; a number bounds the opening only", async () => {
    await expect(
      createConnection("ws://127.0.0.1:9/", { openTimeout: 0 } as never),
    ).rejects.toThrow(/openTimeout must be a number of milliseconds > 0, or null/);
  });
});
