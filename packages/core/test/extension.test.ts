import { WebSocketException, WebSocketPayloadException } from "@wsclient/errors";
import { rawHandshake, startRawServer, until } from "@wsclient-tools/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { createConnection, type Extension, type ExtensionSession } from "../src/index.js";
import { clientClose, fixedKey, frame } from "./helpers.js";

/** A toy extension: reverses payload bytes, claims RSV1, decodes with random delays. */
class ReverseExtension implements Extension, ExtensionSession {
  readonly name = "x-reverse";
  readonly rsv1 = true;
  readonly description = "x-reverse";
  accepted: Record<string, string | true> | null = null;
  offer(): string {
    return "x-reverse; level=2";
  }
  accept(params: Record<string, string | true>): ExtensionSession {
    this.accepted = params;
    return this;
  }
  close(): void {}
  async decode(data: Uint8Array): Promise<Uint8Array> {
    await new Promise((r) => setTimeout(r, Math.random() * 20));
    if (data[0] === 0xff) throw new Error("cannot decode");
    return data.slice().reverse();
  }
  encode(data: Uint8Array): { data: Uint8Array; rsv1: boolean } {
    return { data: data.slice().reverse(), rsv1: true };
  }
}

let raw: Awaited<ReturnType<typeof startRawServer>> | null = null;
afterEach(async () => {
  await raw?.close();
  raw = null;
});

describe("RFC 6455 §9 extension hook", () => {
  it("negotiates, decodes RSV1 messages in order, encodes sends", async () => {
    let received: Buffer[] = [];
    let request = "";
    raw = await startRawServer((socket) => {
      socket.once("data", (c: Buffer) => {
        request = c.toString("latin1");
      });
      rawHandshake(
        socket,
        (s, r) => {
          received = r;
          for (const word of ["one", "two", "three", "four"]) {
            s.write(frame(1, Buffer.from(word).reverse(), { rsv: 4 }));
          }
          s.write(frame(1, "plain")); // no RSV1: not decoded
        },
        ["Sec-WebSocket-Extensions: x-reverse; level=1"],
      );
    });
    const ext = new ReverseExtension();
    const ws = await createConnection(raw.url, {
      timeout: 3000,
      extensions: [ext],
      getMaskKey: fixedKey,
    });
    expect(request).toMatch(/Sec-WebSocket-Extensions: x-reverse; level=2\r\n/);
    expect(ext.accepted).toEqual({ level: "1" });
    const got = await Promise.all([ws.recv(), ws.recv(), ws.recv(), ws.recv(), ws.recv()]);
    expect(got).toEqual(["one", "two", "three", "four", "plain"]);
    await ws.send("abc");
    await until(() => Buffer.concat(received).length >= 9, 3000, "client frame");
    const bytes = Buffer.concat(received);
    // FIN + RSV1 + text, masked, payload "cba" masked with [1,2,3,4].
    expect([...bytes.subarray(0, 9)]).toEqual([
      0xc1,
      0x83,
      1,
      2,
      3,
      4,
      0x63 ^ 1,
      0x62 ^ 2,
      0x61 ^ 3,
    ]);
    ws.shutdown();
  });

  it("a decode failure fails the connection (1007) after the earlier messages", async () => {
    let received: Buffer[] = [];
    raw = await startRawServer((socket) =>
      rawHandshake(
        socket,
        (s, r) => {
          received = r;
          s.write(frame(2, Buffer.from([1, 2]), { rsv: 4 }));
          s.write(frame(2, Buffer.from([0xff]), { rsv: 4 }));
        },
        ["Sec-WebSocket-Extensions: x-reverse"],
      ),
    );
    const ws = await createConnection(raw.url, {
      timeout: 3000,
      extensions: [new ReverseExtension()],
      getMaskKey: fixedKey,
    });
    expect(await ws.recv()).toEqual(new Uint8Array([2, 1]));
    const err = await ws.recv().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketPayloadException);
    expect((err as WebSocketException).closeCode).toBe(1007);
    await until(() => Buffer.concat(received).length >= 8, 3000, "close frame");
    expect(Buffer.concat(received)).toEqual(clientClose(1007));
    ws.shutdown();
  });

  it("invalid UTF-8 after decoding fails 1007 even when nobody is waiting (no unhandled rejection)", async () => {
    let received: Buffer[] = [];
    raw = await startRawServer((socket) =>
      rawHandshake(
        socket,
        (s, r) => {
          received = r;
          s.write(frame(1, Buffer.from([0x80, 0x61]), { rsv: 4 })); // decodes to 61 80
        },
        ["Sec-WebSocket-Extensions: x-reverse"],
      ),
    );
    const ws = await createConnection(raw.url, {
      timeout: 3000,
      getMaskKey: fixedKey,
      extensions: [new ReverseExtension()],
    });
    // The decode settles with no recv pending: the failure's close frame reaches the server.
    await until(() => Buffer.concat(received).length >= 8, 3000, "the client's close frame");
    expect(Buffer.concat(received)).toEqual(clientClose(1007));
    const err = await ws.recv().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketPayloadException);
    expect((err as WebSocketException).closeCode).toBe(1007);
    ws.shutdown();
  });

  it("RSV1 without a negotiated extension is a protocol error", async () => {
    raw = await startRawServer((socket) =>
      rawHandshake(socket, (s) => s.write(frame(1, "x", { rsv: 4 }))),
    );
    const ws = await createConnection(raw.url, {
      timeout: 3000,
      extensions: [new ReverseExtension()],
    });
    const err = await ws.recv().catch((e: unknown) => e);
    expect((err as WebSocketException).closeCode).toBe(1002);
    ws.shutdown();
  });

  it("an extension the client did not offer fails the handshake", async () => {
    raw = await startRawServer((socket) =>
      rawHandshake(socket, () => {}, ["Sec-WebSocket-Extensions: permessage-deflate"]),
    );
    const err = await createConnection(raw.url, { timeout: 3000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketException);
    expect((err as Error).message).toMatch(/extension/i);
  });

  it("two accepted extensions that both use RSV1 fail the handshake; the connection is not opened", async () => {
    raw = await startRawServer((socket) =>
      rawHandshake(socket, () => {}, ["Sec-WebSocket-Extensions: x-reverse, x-other"]),
    );
    const other = Object.assign(new ReverseExtension(), { name: "x-other" });
    other.offer = () => "x-other";
    const err = await createConnection(raw.url, {
      timeout: 3000,
      extensions: [new ReverseExtension(), other],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebSocketException);
    expect((err as Error).message).toMatch(/both use RSV1: x-reverse, x-other/);
  });
});
