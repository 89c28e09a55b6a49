/**
 * @wsclient/core against independent servers on loopback: the `ws` server,
 * python3-websockets and Autobahn|Python (Debian packages), each in its own
 * process (see ../servers). websocketd, which wraps a line-oriented program,
 * has its own block below.
 */
import { createConnection, type WebSocket } from "@wsclient/core";
import { WebSocketBadStatusException, WebSocketConnectionClosedException } from "@wsclient/errors";
import { ABNF } from "@wsclient/frame";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, type ServerKind, startServer } from "../servers/start-server.js";

const MiB = 1024 * 1024;
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const bytesOf = (value: string | Uint8Array): Uint8Array =>
  typeof value === "string" ? new TextEncoder().encode(value) : value;

/** Deterministic non-repeating-ish bytes, so a shifted or truncated echo can't pass. */
function pattern(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 0x12345678;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Opens a connection (3 s timeout for connect and every recv), runs `fn`, always closes. */
async function withConnection<T>(
  url: string,
  fn: (ws: WebSocket) => Promise<T>,
  options: Parameters<typeof createConnection>[1] = {},
): Promise<T> {
  const ws = await createConnection(url, { timeout: 3000, ...options });
  try {
    return await fn(ws);
  } finally {
    if (ws.connected) await ws.close({ timeout: 2000 });
    ws.shutdown();
  }
}

async function badStatus(url: string): Promise<WebSocketBadStatusException> {
  const err = await createConnection(url, { timeout: 3000 }).then(
    (ws) => {
      ws.shutdown();
      return new Error("expected the handshake to be refused");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebSocketBadStatusException);
  return err as WebSocketBadStatusException;
}

async function closedError(promise: Promise<unknown>): Promise<WebSocketConnectionClosedException> {
  const err = await promise.then(
    () => new Error("expected the connection to be closed"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebSocketConnectionClosedException);
  return err as WebSocketConnectionClosedException;
}

const kinds: ServerKind[] = ["ws", "websockets", "autobahn"];

describe.each(kinds)("@wsclient/core ↔ %s server", (kind) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(kind);
  }, 20000);
  afterAll(async () => {
    await server?.stop();
  });

  describe("RFC 6455 §5.6 Data frames", () => {
    it("round-trips text (with non-ASCII) as a string", async () => {
      await withConnection(`${server.url}/echo`, async (ws) => {
        await ws.send("héllo wörld ✓ 🚀");
        expect(await ws.recv()).toBe("héllo wörld ✓ 🚀");
        await ws.sendText("second");
        expect(await ws.recv()).toBe("second");
      });
    });

    it("round-trips binary as bytes", async () => {
      await withConnection(`${server.url}/echo`, async (ws) => {
        await ws.sendBinary(new Uint8Array([0, 1, 2, 127, 128, 255]));
        const got = await ws.recv();
        expect(got).toBeInstanceOf(Uint8Array);
        expect([...(got as Uint8Array)]).toEqual([0, 1, 2, 127, 128, 255]);
        await ws.send(new Uint8Array([9]), ABNF.OPCODE_BINARY);
        expect([...bytesOf(await ws.recv())]).toEqual([9]);
      });
    });

    it("round-trips empty text and empty binary messages", async () => {
      await withConnection(`${server.url}/echo`, async (ws) => {
        await ws.send("");
        expect(await ws.recv()).toBe("");
        await ws.sendBinary(new Uint8Array(0));
        const got = await ws.recv();
        expect(got).toBeInstanceOf(Uint8Array);
        expect((got as Uint8Array).length).toBe(0);
      });
    });

    it("round-trips a 16 MiB binary and a 16 MiB text message", async () => {
      await withConnection(
        `${server.url}/echo`,
        async (ws) => {
          const payload = pattern(16 * MiB);
          await ws.sendBinary(payload);
          const got = await ws.recv();
          expect(got).toBeInstanceOf(Uint8Array);
          expect((got as Uint8Array).length).toBe(payload.length);
          expect(Buffer.compare(got as Uint8Array, payload)).toBe(0);
          const big = "ü€".repeat((16 * MiB) / 5);
          await ws.sendText(big);
          const gotText = await ws.recv();
          expect(typeof gotText).toBe("string");
          expect((gotText as string).length).toBe(big.length);
          expect(gotText === big).toBe(true);
        },
        { timeout: 20000 },
      );
    }, 60000);
  });

  describe("RFC 6455 §5.4 Fragmentation", () => {
    it("reassembles messages the server sends in fragments", async () => {
      await withConnection(`${server.url}/fragments`, async (ws) => {
        expect(await ws.recv()).toBe("fragmented");
        const bin = await ws.recv();
        expect([...(bin as Uint8Array)]).toEqual([0, 1, 2]);
      });
    });

    // Fragments are assembled in one place (the protocol); recvFrame() hands
    // out what it assembled: one frame per message.
    it("recvFrame() returns an assembled message as one frame (fin=1)", async () => {
      await withConnection(`${server.url}/fragments`, async (ws) => {
        const first = await ws.recvFrame();
        expect([first.opcode, first.fin, text(first.data)]).toEqual([
          ABNF.OPCODE_TEXT,
          1,
          "fragmented",
        ]);
        const second = await ws.recvFrame();
        expect([second.opcode, second.fin, [...second.data]]).toEqual([
          ABNF.OPCODE_BINARY,
          1,
          [0, 1, 2],
        ]);
      });
    });

    // With fireContFrame nothing is assembled, so recvFrame() shows the
    // frames as sent, like Python's recv_frame(). python-websockets and
    // Autobahn end a fragmented message with an empty FIN continuation
    // frame; ws puts FIN on the last data fragment.
    it("sees the server's fragments as separate frames with fireContFrame and recvFrame()", async () => {
      await withConnection(
        `${server.url}/fragments`,
        async (ws) => {
          const first = await ws.recvFrame();
          expect([first.opcode, first.fin, text(first.data)]).toEqual([
            ABNF.OPCODE_TEXT,
            0,
            "frag",
          ]);
          const frames = [first];
          while (frames.filter((f) => f.fin === 1).length < 2 && frames.length < 10) {
            frames.push(await ws.recvFrame());
          }
          const messages: { opcodes: number[]; data: string }[] = [];
          let current: { opcodes: number[]; data: string } = { opcodes: [], data: "" };
          for (const frame of frames) {
            current.opcodes.push(frame.opcode);
            current.data += String.fromCharCode(...frame.data);
            if (frame.fin === 1) {
              messages.push(current);
              current = { opcodes: [], data: "" };
            }
          }
          const [textMsg, binMsg] = messages;
          expect(textMsg?.data).toBe("fragmented");
          expect(textMsg?.opcodes[0]).toBe(ABNF.OPCODE_TEXT);
          expect(textMsg?.opcodes.length).toBeGreaterThanOrEqual(3);
          expect(new Set(textMsg?.opcodes.slice(1))).toEqual(new Set([ABNF.OPCODE_CONT]));
          expect(binMsg?.data).toBe("\x00\x01\x02");
          expect(binMsg?.opcodes[0]).toBe(ABNF.OPCODE_BINARY);
          expect(binMsg?.opcodes.length).toBeGreaterThanOrEqual(2);
          expect(new Set(binMsg?.opcodes.slice(1))).toEqual(new Set([ABNF.OPCODE_CONT]));
        },
        { fireContFrame: true },
      );
    });

    // RFC 6455 §5.6: "the whole message MUST contain valid UTF-8"; a
    // fragment may end inside a character.
    it("reassembles text sent one byte per fragment, characters split across fragments", async () => {
      await withConnection(`${server.url}/splitutf8`, async (ws) => {
        expect(await ws.recv()).toBe("hé✓🚀!");
      });
    });

    it("decodes text fragments split mid-character with fireContFrame", async () => {
      await withConnection(
        `${server.url}/splitutf8`,
        async (ws) => {
          // 11 one-byte fragments (Autobahn adds an empty final one); the
          // partial characters decode to "" until their last byte arrives.
          const pieces: string[] = [];
          while (pieces.join("").length < "hé✓🚀!".length && pieces.length < 12) {
            pieces.push((await ws.recv()) as string);
          }
          expect(pieces.join("")).toBe("hé✓🚀!");
          expect(pieces.slice(0, 3)).toEqual(["h", "", "é"]);
        },
        { fireContFrame: true },
      );
    });

    // Autobahn 9.3/9.4-style: many tiny fragments. The ws 8.23 client fails
    // this message with "Too many message fragments" (maxFragments 16 384)
    // against all three servers; memory here is bounded by bytes, not count.
    it("reassembles 4 MiB sent as 65 536 fragments of 64 bytes", async () => {
      await withConnection(
        `${server.url}/manyfragments?size=4194304&frag=64`,
        async (ws) => {
          const got = await ws.recv();
          expect(got).toBeInstanceOf(Uint8Array);
          const bytes = got as Uint8Array;
          expect(bytes.length).toBe(4 * MiB);
          let wrong = 0;
          for (let i = 0; i < bytes.length; i++) if (bytes[i] !== (i & 0xff)) wrong++;
          expect(wrong).toBe(0);
        },
        { timeout: 20000 },
      );
    }, 30000);

    it("delivers each fragment with fireContFrame", async () => {
      await withConnection(
        `${server.url}/fragments`,
        async (ws) => {
          const got: [number, string][] = [];
          for (let i = 0; i < 3; i++) {
            const [opcode, data] = await ws.recvData();
            got.push([opcode, text(data)]);
          }
          expect(got).toEqual([
            [ABNF.OPCODE_TEXT, "frag"],
            [ABNF.OPCODE_CONT, "ment"],
            [ABNF.OPCODE_CONT, "ed"],
          ]);
        },
        { fireContFrame: true },
      );
    });

    it("sends fragments with sendFrame and OPCODE_CONT, a ping in between (§5.4: control frames MAY be injected)", async () => {
      await withConnection(`${server.url}/echo`, async (ws) => {
        await ws.sendFrame(ABNF.createFrame("frag", ABNF.OPCODE_TEXT, 0));
        await ws.sendFrame(ABNF.createFrame("ment", ABNF.OPCODE_CONT, 0));
        await ws.sendFrame(ABNF.createFrame("in-between", ABNF.OPCODE_PING, 1));
        await ws.sendFrame(ABNF.createFrame("ed", ABNF.OPCODE_CONT, 1));
        const pong = await ws.recvData(true);
        expect([pong[0], text(pong[1])]).toEqual([ABNF.OPCODE_PONG, "in-between"]);
        const [opcode, data] = await ws.recvData(true);
        expect([opcode, text(data)]).toEqual([ABNF.OPCODE_TEXT, "fragmented"]);
        await ws.sendFrame(ABNF.createFrame(new Uint8Array([1, 2]), ABNF.OPCODE_BINARY, 0));
        await ws.sendFrame(ABNF.createFrame(new Uint8Array([3]), ABNF.OPCODE_CONT, 1));
        expect([...bytesOf(await ws.recv())]).toEqual([1, 2, 3]);
      });
    });
  });

  describe("RFC 6455 §5.5.2 Ping and §5.5.3 Pong", () => {
    it("gets the server's pong to its ping, with the same payload", async () => {
      await withConnection(`${server.url}/echo`, async (ws) => {
        await ws.ping("are you there");
        const [opcode, data] = await ws.recvData(true);
        expect([opcode, text(data)]).toEqual([ABNF.OPCODE_PONG, "are you there"]);
      });
    });

    it("answers the server's ping with a pong on its own", async () => {
      await withConnection(`${server.url}/ping`, async (ws) => {
        expect(await ws.recv()).toBe("pong:server-ping");
      });
    });

    it("returns the server's ping to recvData(true)", async () => {
      await withConnection(`${server.url}/ping`, async (ws) => {
        const [opcode, data] = await ws.recvData(true);
        expect([opcode, text(data)]).toEqual([ABNF.OPCODE_PING, "server-ping"]);
        expect(await ws.recv()).toBe("pong:server-ping");
      });
    });
  });

  describe("RFC 6455 §5.5.1 Close and §7.4 status codes", () => {
    it("reports the server's close code and reason, and echoes the code", async () => {
      await withConnection(`${server.url}/close?code=4000&reason=server-bye&id=c1`, async (ws) => {
        const err = await closedError(ws.recv());
        expect([err.closeCode, err.closeReason]).toEqual([4000, "server-bye"]);
        expect((await server.closeOf("c1")).code).toBe(4000);
      });
    });

    // RFC 6455 §7.1.5: "If this Close control frame contains no status code,
    // _The WebSocket Connection Close Code_ is considered to be 1005." The
    // echo then carries no code either (Python 1.9 would answer 1000).
    it("reports 1005 for a close frame without a status code, and echoes it empty", async () => {
      await withConnection(`${server.url}/close?code=none&id=c6`, async (ws) => {
        const err = await closedError(ws.recv());
        expect([err.closeCode, err.closeReason]).toEqual([1005, ""]);
        const seen = await server.closeOf("c6");
        expect([1005, null]).toContain(seen.code);
      });
    });

    it("returns the server's close frame once to recvData()", async () => {
      await withConnection(`${server.url}/close?code=4003&reason=data&id=c2`, async (ws) => {
        const [opcode, data] = await ws.recvData();
        expect(opcode).toBe(ABNF.OPCODE_CLOSE);
        expect([...data.slice(0, 2)]).toEqual([4003 >> 8, 4003 & 0xff]);
        expect(text(data.slice(2))).toBe("data");
        expect((await server.closeOf("c2")).code).toBe(4003);
      });
    });

    it("sends its own close code and reason, which the server receives", async () => {
      const ws = await createConnection(`${server.url}/echo?id=c3`, { timeout: 3000 });
      await ws.send("last words");
      expect(await ws.recv()).toBe("last words");
      await ws.close({ status: 4001, reason: "bye-client", timeout: 3000 });
      expect(ws.connected).toBe(false);
      expect(await server.closeOf("c3")).toEqual({ code: 4001, reason: "bye-client" });
      await closedError(ws.recv());
    });

    it("closes with 1000 by default", async () => {
      const ws = await createConnection(`${server.url}/echo?id=c4`, { timeout: 3000 });
      await ws.close();
      expect(await server.closeOf("c4")).toMatchObject({ code: 1000 });
    });

    it("gets the server's echo of sendClose() from recvData()", async () => {
      await withConnection(`${server.url}/echo?id=c5`, async (ws) => {
        await ws.sendClose(4002, "half");
        const [opcode, data] = await ws.recvData();
        expect(opcode).toBe(ABNF.OPCODE_CLOSE);
        expect((data[0]! << 8) | data[1]!).toBe(4002);
        expect(await server.closeOf("c5")).toEqual({ code: 4002, reason: "half" });
      });
    });
  });

  describe("iteration and disposal", () => {
    it("for await yields each message, ending after the close handshake", async () => {
      await withConnection(`${server.url}/echo`, async (ws) => {
        for (const m of ["one", "two", "three"]) await ws.send(m);
        const got: (string | Uint8Array)[] = [];
        // Close only after the echoes: python-websockets stops sending data
        // as soon as it has read a close frame, queued echoes included.
        for await (const msg of ws) {
          got.push(msg);
          if (got.length === 3) await ws.sendClose(1000, "done");
          if (got.length > 3) break;
        }
        expect(got).toEqual(["one", "two", "three"]);
      });
    });

    it("await using closes with 1000 when the block ends", async () => {
      {
        await using ws = await createConnection(`${server.url}/echo?id=d1`, { timeout: 3000 });
        await ws.send("inside");
        expect(await ws.recv()).toBe("inside");
      }
      expect(await server.closeOf("d1")).toMatchObject({ code: 1000 });
    });
  });

  describe("RFC 6455 §4.1 Opening handshake", () => {
    // RFC 6455 §4.1: "If the status code received from the server is not
    // 101, the client handles the response per HTTP procedures."
    it("reports a refused upgrade with its status, headers and body", async () => {
      const err = await badStatus(`${server.url}/reject`);
      expect(err.statusCode).toBe(403);
      if (kind === "autobahn") {
        // Autobahn sends only a status line, no headers, no body, then closes.
        expect(err.statusMessage).toBe("nope");
        expect(err.respBody.length).toBe(0);
      } else {
        expect(err.respHeaders["x-reject-reason"]).toBe("nope");
        expect(text(err.respBody)).toMatch(/^forbidden by test/);
      }
    });

    it("has no subprotocol when the server supports none of the offered ones", async () => {
      await withConnection(
        `${server.url}/subprotocol`,
        async (ws) => {
          expect(ws.subprotocol).toBeNull();
          expect(await ws.recv()).toBe("");
        },
        { subprotocols: ["nope", "other"] },
      );
    });

    it("negotiates the subprotocol the server picks from the offer", async () => {
      await withConnection(
        `${server.url}/subprotocol`,
        async (ws) => {
          expect(ws.subprotocol).toBe("superchat");
          expect(ws.getSubprotocol()).toBe("superchat");
          expect(await ws.recv()).toBe("superchat");
        },
        { subprotocols: ["nope", "superchat"] },
      );
    });

    it("has no subprotocol when none was offered", async () => {
      await withConnection(`${server.url}/subprotocol`, async (ws) => {
        expect(ws.subprotocol).toBeNull();
        expect(await ws.recv()).toBe("");
      });
    });

    it("sends custom headers (record and list), origin and cookie that the server sees", async () => {
      const seen = await withConnection(
        `${server.url}/headers`,
        async (ws) => {
          expect(ws.status).toBe(101);
          expect(ws.headers?.upgrade?.toLowerCase()).toBe("websocket");
          return JSON.parse((await ws.recv()) as string) as Record<string, string>;
        },
        {
          header: { "X-Interop": "wsclient", "X-Second": "2" },
          origin: "http://example.test",
          cookie: "a=1; b=2",
        },
      );
      expect(seen).toMatchObject({
        "x-interop": "wsclient",
        "x-second": "2",
        origin: "http://example.test",
        cookie: "a=1; b=2",
        host: `127.0.0.1:${server.port}`,
        "sec-websocket-version": "13",
      });
      const listed = await withConnection(
        `${server.url}/headers`,
        async (ws) => JSON.parse((await ws.recv()) as string) as Record<string, string>,
        { header: ["X-Listed: yes", "X-Other: also"] },
      );
      expect(listed).toMatchObject({ "x-listed": "yes", "x-other": "also" });
    });
  });
});

describe("@wsclient/core ↔ websocketd (a line-echoing program)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer("websocketd");
  }, 20000);
  afterAll(async () => {
    await server?.stop();
  });

  it("RFC 6455 §5.6: round-trips text lines, one message per line", async () => {
    await withConnection(`${server.url}/echo`, async (ws) => {
      await ws.send("héllo ✓");
      expect(await ws.recv()).toBe("héllo ✓");
      await ws.send("two\nlines");
      expect([await ws.recv(), await ws.recv()]).toEqual(["two", "lines"]);
    });
  });

  it("RFC 6455 §5.6: round-trips a 16 MiB text line", async () => {
    await withConnection(
      `${server.url}/echo`,
      async (ws) => {
        const big = "x".repeat(16 * MiB);
        await ws.send(big);
        const got = await ws.recv();
        expect((got as string).length).toBe(big.length);
        expect(got === big).toBe(true);
      },
      { timeout: 20000 },
    );
  }, 60000);

  it("RFC 6455 §5.5.2: answers a ping", async () => {
    await withConnection(`${server.url}/echo`, async (ws) => {
      await ws.ping("wsd");
      const [opcode, data] = await ws.recvData(true);
      expect([opcode, text(data)]).toEqual([ABNF.OPCODE_PONG, "wsd"]);
    });
  });

  it("RFC 6455 §4.1: custom headers reach the program", async () => {
    const seen = await withConnection(
      `${server.url}/headers`,
      async (ws) => JSON.parse((await ws.recv()) as string) as Record<string, string>,
      { header: { "X-Interop": "wsclient" }, origin: "http://example.test" },
    );
    expect(seen).toMatchObject({ "x-interop": "wsclient", origin: "http://example.test" });
  });

  it("RFC 6455 §5.5.1: a message before the end is delivered, then the connection is closed", async () => {
    await withConnection(`${server.url}/close`, async (ws) => {
      expect(await ws.recv()).toBe("bye");
      await closedError(ws.recv());
    });
  });

  it("RFC 6455 §4.1: a 404 for an unknown endpoint (kept alive, body by Content-Length)", async () => {
    const err = await badStatus(`${server.url}/missing`);
    expect([err.statusCode, text(err.respBody)]).toEqual([404, "404 Not Found\n"]);
  });

  it("RFC 6455 §5.5.1: the server echoes the client's close code", async () => {
    await withConnection(`${server.url}/echo`, async (ws) => {
      await ws.sendClose(4001, "bye-client");
      const [opcode, data] = await ws.recvData();
      expect(opcode).toBe(ABNF.OPCODE_CLOSE);
      expect((data[0]! << 8) | data[1]!).toBe(4001);
    });
  });
});
