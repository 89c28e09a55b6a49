/**
 * @wsclient/core against independent servers on loopback: the `ws` server,
 * python3-websockets and Autobahn|Python (Debian packages), each in its own
 * process (see ../servers). websocketd, which wraps a line-oriented program,
 * is in interop-more.test.ts.
 */
import { ABNF } from "@wsclient/frame";
import { describe, expect, it } from "vitest";
import { useServer } from "../servers/use-server.js";
import { bytesOf, kinds, MiB, pattern, text, withConnection } from "./support.js";

describe.each(kinds)("@wsclient/core ↔ %s server", (kind) => {
  const server = useServer(kind);

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
});
