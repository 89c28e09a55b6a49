/**
 * @wsclient/core against independent servers on loopback (continued from
 * interop.test.ts): ping and pong, closing, iteration, the opening
 * handshake; then websocketd, which wraps a line-oriented program.
 */
import { createConnection } from "@wsclient/core";
import { ABNF } from "@wsclient/frame";
import { describe, expect, it } from "vitest";
import { useServer } from "../servers/use-server.js";
import { badStatus, closedError, kinds, MiB, text, withConnection } from "./support.js";

describe.each(kinds)("@wsclient/core ↔ %s server", (kind) => {
  const server = useServer(kind);

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
  const server = useServer("websocketd");

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
