import type { Socket } from "node:net";
import {
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketPayloadException,
  WebSocketProtocolException,
  WebSocketTimeoutException,
} from "@wsclient/errors";
import { rawHandshake, startRawServer, until, within } from "@wsclient-tools/test-utils";
import { advanceUntil, FAKE_CLOCK, leaveFakeClock } from "@wsclient-tools/test-utils/fake-clock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createConnection, WebSocket } from "../src/index.js";
import { clientClose, fixedKey, frame } from "./helpers.js";

type Raw = Awaited<ReturnType<typeof startRawServer>>;
let raw: Raw | null = null;
afterEach(async () => {
  await raw?.close();
  raw = null;
});

/** Starts a raw server that completes the handshake, then runs `script`. */
async function scripted(
  script: (socket: Socket, received: Buffer[]) => void,
  headers: string[] = [],
) {
  let received: Buffer[] = [];
  raw = await startRawServer((socket) =>
    rawHandshake(
      socket,
      (s, r) => {
        received = r;
        script(s, r);
      },
      headers,
    ),
  );
  return { url: raw.url, received: () => Buffer.concat(received) };
}

async function expectFailure(
  bytes: Buffer | Buffer[],
  errorClass: typeof WebSocketException,
  code: number,
  opts: { maxPayload?: number } = {},
) {
  const srv = await scripted((socket) => {
    for (const b of [bytes].flat()) socket.write(b);
  });
  const ws = await createConnection(srv.url, { timeout: 3000, getMaskKey: fixedKey, ...opts });
  const err = await ws.recv().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(errorClass);
  expect((err as WebSocketException).closeCode).toBe(code);
  // The client sent exactly one close frame with that code.
  await until(() => srv.received().length >= clientClose(code).length, 3000, "close frame");
  expect(srv.received()).toEqual(clientClose(code));
  // Later calls say the connection is closed, with that code.
  const later = await ws.recv().catch((e: unknown) => e);
  expect(later).toBeInstanceOf(WebSocketConnectionClosedException);
  ws.shutdown();
}

describe("misbehaving servers: RFC 6455 §5 framing violations", () => {
  it("masked server frame → 1002", () =>
    expectFailure(frame(1, "hi", { mask: true }), WebSocketProtocolException, 1002));
  it("reserved bits → 1002", () =>
    expectFailure(frame(1, "hi", { rsv: 4 }), WebSocketProtocolException, 1002));
  it("bad opcode → 1002", () => expectFailure(frame(3, "hi"), WebSocketProtocolException, 1002));
  it("fragmented control frame → 1002", () =>
    expectFailure(frame(9, "hi", { fin: false }), WebSocketProtocolException, 1002));
  it("continuation without a start → 1002", () =>
    expectFailure(frame(0, "hi"), WebSocketProtocolException, 1002));
  it("invalid UTF-8 mid-fragment fails at that fragment, before the message ends → 1007", () =>
    // The message never ends: the failure must come from the second fragment.
    expectFailure(
      [frame(1, "valid ", { fin: false }), frame(0, Buffer.from([0xc3, 0x28]), { fin: false })],
      WebSocketPayloadException,
      1007,
    ));
  it("oversized message → 1009", () =>
    expectFailure(
      [frame(2, Buffer.alloc(600), { fin: false }), frame(0, Buffer.alloc(600))],
      WebSocketPayloadException,
      1009,
      { maxPayload: 1000 },
    ));
  it("oversized frame header → 1009 before the payload arrives", () =>
    expectFailure(
      Buffer.from([0x82, 127, 0, 0, 0, 1, 0, 0, 0, 0]),
      WebSocketPayloadException,
      1009,
    ));
  it("invalid close code → 1002", () =>
    expectFailure(frame(8, Buffer.from([0x03, 0xed])), WebSocketProtocolException, 1002));
});

describe("misbehaving servers: connection-level", () => {
  it("messages before a protocol error are still delivered first", async () => {
    const srv = await scripted((socket) => {
      socket.write(Buffer.concat([frame(1, "one"), frame(1, "two"), frame(3)]));
    });
    const ws = await createConnection(srv.url, { timeout: 3000, getMaskKey: fixedKey });
    expect(await ws.recv()).toBe("one");
    expect(await ws.recv()).toBe("two");
    await expect(ws.recv()).rejects.toBeInstanceOf(WebSocketProtocolException);
    ws.shutdown();
  });

  it("the caller can answer messages that preceded a violation before the close goes out", async () => {
    const srv = await scripted((socket) => {
      socket.write(Buffer.concat([frame(1, "Hello"), frame(1, "bad", { rsv: 2 }), frame(9)]));
    });
    const ws = await createConnection(srv.url, { timeout: 3000, getMaskKey: fixedKey });
    const msg = await ws.recv();
    expect(msg).toBe("Hello");
    await ws.send(msg); // the echo goes out before the failure's close frame
    await expect(ws.recv()).rejects.toBeInstanceOf(WebSocketProtocolException);
    const echo = Buffer.from([0x81, 0x85, 1, 2, 3, 4, 0x49, 0x67, 0x6f, 0x68, 0x6e]);
    const expected = Buffer.concat([echo, clientClose(1002)]);
    await until(() => srv.received().length >= expected.length, 3000, "echo and close");
    expect(srv.received()).toEqual(expected); // and no pong for the ping after the bad frame
    ws.shutdown();
  });

  it("a held failure close goes out by itself when nobody takes the messages", async () => {
    const srv = await scripted((socket) => {
      socket.write(Buffer.concat([frame(1, "unread"), frame(3)]));
    });
    const ws = await createConnection(srv.url, { timeout: 3000, getMaskKey: fixedKey });
    await until(() => srv.received().length >= 8, 3000, "close frame");
    expect(srv.received()).toEqual(clientClose(1002));
    expect(await ws.recv()).toBe("unread");
    await expect(ws.recv()).rejects.toBeInstanceOf(WebSocketProtocolException);
    ws.shutdown();
  });

  it("setMaskKey after connect makes the frames deterministic (RFC 6455 §5.3)", async () => {
    const srv = await scripted(() => {});
    const ws = await createConnection(srv.url, { timeout: 3000 });
    ws.setMaskKey(fixedKey);
    expect(await ws.send("Hello")).toBe(11);
    await ws.ping("x");
    const expected = Buffer.from([
      0x81, 0x85, 1, 2, 3, 4, 0x49, 0x67, 0x6f, 0x68, 0x6e, 0x89, 0x81, 1, 2, 3, 4, 0x79,
    ]);
    await until(() => srv.received().length >= expected.length, 3000, "frames");
    expect(srv.received()).toEqual(expected);
    ws.shutdown();
  });

  it("for await throws the protocol error after yielding the earlier messages", async () => {
    const srv = await scripted((socket) => {
      socket.write(Buffer.concat([frame(1, "a"), frame(1, "b"), frame(1, "x", { rsv: 1 })]));
    });
    const ws = await createConnection(srv.url, { timeout: 3000 });
    const got: unknown[] = [];
    const err = await (async () => {
      for await (const msg of ws) got.push(msg);
    })().catch((e: unknown) => e);
    expect(got).toEqual(["a", "b"]);
    expect(err).toBeInstanceOf(WebSocketProtocolException);
    ws.shutdown();
  });

  it("skipUtf8Validation delivers invalid text (as U+FFFD) instead of failing", async () => {
    const srv = await scripted((socket) => socket.write(frame(1, Buffer.from([0x61, 0xff]))));
    const ws = await createConnection(srv.url, { timeout: 3000, skipUtf8Validation: true });
    expect(await ws.recv()).toBe("a\ufffd");
    ws.shutdown();
  });

  it("closing without a close frame → WebSocketConnectionClosedException 1006", async () => {
    const srv = await scripted((socket) => {
      socket.write(frame(1, "bye"));
      socket.end();
    });
    const ws = await createConnection(srv.url, { timeout: 3000 });
    expect(await ws.recv()).toBe("bye");
    const err = await ws.recv().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketConnectionClosedException);
    expect((err as WebSocketException).closeCode).toBe(1006);
    expect(ws.connected).toBe(false);
    void srv;
  });

  it("stalling mid-frame → read timeout; the frame continues later", async () => {
    let sock: Socket | null = null;
    const full = frame(1, "resumable message");
    const srv = await scripted((socket) => {
      sock = socket;
      socket.write(full.subarray(0, 7));
    });
    const ws = await createConnection(srv.url, { timeout: 3000 });
    ws.setTimeout(100);
    await expect(ws.recv()).rejects.toBeInstanceOf(WebSocketTimeoutException);
    expect(ws.connected).toBe(true);
    sock!.write(full.subarray(7));
    ws.setTimeout(3000);
    expect(await ws.recv()).toBe("resumable message");
    ws.shutdown();
  });

  it("never answering close → close() waits exactly its timeout (fake clock), then gives up", async () => {
    const srv = await scripted(() => {});
    const ws = await createConnection(srv.url, { timeout: 3000, getMaskKey: fixedKey });
    // Real socket, fake clock: the close timer can only fire when the test moves the clock.
    vi.useFakeTimers(FAKE_CLOCK);
    try {
      let closed = false;
      const closing = ws.close({ timeout: 200 }).then(() => {
        closed = true;
      });
      await until(() => srv.received().length >= clientClose(1000).length, 3000, "close frame");
      expect(srv.received()).toEqual(clientClose(1000));
      // The server never answers: close() returns only once its 200 ms have passed.
      expect(await advanceUntil(() => closed)).toBeGreaterThanOrEqual(200);
      await closing;
    } finally {
      await leaveFakeClock();
    }
    expect(srv.received()).toEqual(clientClose(1000)); // one close frame, nothing after it
    await expect(ws.recv()).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
  });

  it("ping flood: memory stays bounded, pongs are answered, later messages arrive", async () => {
    const srv = await scripted((socket) => {
      const ping = frame(9, "flood");
      const batch = Buffer.concat(Array.from({ length: 1000 }, () => ping));
      for (let i = 0; i < 100; i++) socket.write(batch);
      socket.write(frame(1, "after the flood"));
    });
    const ws = await createConnection(srv.url, { timeout: 5000, getMaskKey: fixedKey });
    expect(await ws.recv()).toBe("after the flood");
    // The client answered pings (with pongs), but never more than one per ping.
    await until(() => srv.received().length > 0, 3000, "pongs");
    const pong = Buffer.from([0x8a, 0x85, 1, 2, 3, 4]);
    expect(srv.received().subarray(0, 6)).toEqual(pong);
    expect(srv.received().length).toBeLessThanOrEqual(100_000 * 11);
    ws.shutdown();
  });

  it("shutdown/abort wakes a pending recv", async () => {
    const srv = await scripted(() => {});
    const ws = await createConnection(srv.url, { timeout: 3000 });
    const pending = ws.recv();
    ws.abort();
    await expect(pending).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
    void srv;
  });
});

describe("misbehaving servers: opening handshake", () => {
  async function handshakeWith(response: string | Buffer, opts: Record<string, unknown> = {}) {
    raw = await startRawServer((socket) => {
      socket.once("data", () => {
        socket.write(response);
      });
    });
    return createConnection(raw.url, { timeout: 2000, ...opts }).catch((e: unknown) => e);
  }

  it("garbage status line → typed error", async () => {
    const err = await handshakeWith("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    expect(err).toBeInstanceOf(WebSocketException);
    expect((err as Error).message).toMatch(/status/i);
  });

  it("oversized headers → typed error", async () => {
    const err = await handshakeWith(
      `HTTP/1.1 101 Switching Protocols\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    expect(err).toBeInstanceOf(WebSocketException);
  });

  it("bad Sec-WebSocket-Accept → typed error", async () => {
    const err = await handshakeWith(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n",
    );
    expect(err).toBeInstanceOf(WebSocketException);
    expect((err as Error).message).toMatch(/accept/i);
  });

  it("unoffered subprotocol → typed error", async () => {
    raw = await startRawServer((socket) =>
      rawHandshake(socket, () => {}, ["Sec-WebSocket-Protocol: evil"]),
    );
    const err = await createConnection(raw.url, { timeout: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketException);
    expect((err as Error).message).toMatch(/subprotocol/i);
  });

  it("401 with a body → WebSocketBadStatusException", async () => {
    const err = await handshakeWith(
      "HTTP/1.1 401 Unauthorized\r\nContent-Length: 9\r\nWWW-Authenticate: Basic\r\n\r\nno entry!",
    );
    expect(err).toBeInstanceOf(WebSocketBadStatusException);
    const bad = err as WebSocketBadStatusException;
    expect(bad.statusCode).toBe(401);
    expect(Buffer.from(bad.respBody).toString()).toBe("no entry!");
    expect(bad.respHeaders["www-authenticate"]).toBe("Basic");
  });

  it("redirect loop → error when the limit is exhausted", async () => {
    let hits = 0;
    raw = await startRawServer((socket) => {
      socket.once("data", () => {
        hits++;
        socket.end("HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n");
      });
    });
    const err = await createConnection(raw.url, { timeout: 2000, redirectLimit: 3 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WebSocketException);
    expect((err as Error).message).toMatch(/redirect/i);
    expect(hits).toBe(4);
  });

  it("no response at all → WebSocketTimeoutException when the timeout elapses (fake clock)", async () => {
    raw = await startRawServer(() => {});
    const server = raw;
    let request = "";
    server.server.on("connection", (socket) =>
      socket.on("data", (chunk: Buffer) => {
        request += chunk.toString("latin1");
      }),
    );
    vi.useFakeTimers(FAKE_CLOCK);
    try {
      let settled = false;
      const connecting = createConnection(server.url, { timeout: 200 }).then(
        (ws) => {
          settled = true;
          ws.shutdown();
          return ws;
        },
        (e: unknown) => {
          settled = true;
          return e;
        },
      );
      // The request went out and was never answered.
      await until(() => request.endsWith("\r\n\r\n"), 3000, "upgrade request");
      // Unanswered, the connect fails only once its 200 ms have passed.
      expect(await advanceUntil(() => settled)).toBeGreaterThanOrEqual(200);
      expect(await connecting).toBeInstanceOf(WebSocketTimeoutException);
    } finally {
      await leaveFakeClock();
    }
    await until(() => server.sockets.size === 0, 3000, "socket destroyed");
  });

  it("an AbortSignal cancels a connect stuck in the handshake", async () => {
    raw = await startRawServer((socket) => socket.resume()); // reads, never answers
    const server = raw;
    let request = "";
    server.server.on("connection", (socket) =>
      socket.on("data", (chunk: Buffer) => {
        request += chunk.toString("latin1");
      }),
    );
    const ac = new AbortController();
    // No connect timeout: only the abort can end this connect.
    const connecting = createConnection(server.url, { timeout: null, signal: ac.signal }).catch(
      (e: unknown) => e,
    );
    await until(() => request.endsWith("\r\n\r\n"), 3000, "upgrade request");
    ac.abort(new Error("user gave up"));
    const err = await within(connecting, 3000, "createConnection after abort");
    expect(err).toBeInstanceOf(WebSocketException);
    await until(() => server.sockets.size === 0, 3000, "socket destroyed");
  });

  it("closed during the handshake → typed error", async () => {
    raw = await startRawServer((socket) =>
      socket.once("data", () => socket.end("HTTP/1.1 101 Swi")),
    );
    const err = await createConnection(raw.url, { timeout: 2000 }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(WebSocketException);
  });

  it("WebSocket instance reports the error class, never a bare TypeError", async () => {
    const ws = new WebSocket();
    await expect(ws.connect("http://nope")).rejects.toBeInstanceOf(WebSocketException);
    await expect(ws.recv()).rejects.toBeInstanceOf(WebSocketConnectionClosedException);
  });
});
