import type { Socket } from "node:net";
import { createConnection, type WebSocket } from "@wsclient/core";
import { WebSocketPayloadException, WebSocketProtocolException } from "@wsclient/errors";
import {
  type RawServer,
  rawHandshake,
  rejection,
  startRawServer,
  until,
} from "@wsclient-tools/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { type DeflateSession, permessageDeflate } from "../src/index.js";
import { zeroBomb } from "./bomb.js";
import { clientClose, compressed, fixedKey, frame } from "./helpers.js";

const MiB = 1024 * 1024;
let raw: RawServer | null = null;
let client: WebSocket | null = null;
afterEach(async () => {
  client?.abort();
  client = null;
  await raw?.close();
  raw = null;
});

/**
 * A raw server that answers the upgrade with `answer` as Sec-WebSocket-Extensions
 * (none if null), then runs `script`. Returns what the client sent after its request.
 */
async function serve(
  answer: string | null,
  script: (socket: Socket) => void = () => {},
): Promise<{ received: () => Buffer; requests: string[] }> {
  const requests: string[] = [];
  let received: Buffer[] = [];
  raw = await startRawServer((socket) => {
    socket.once("data", (c: Buffer) => requests.push(c.toString("latin1")));
    rawHandshake(
      socket,
      (s, r) => {
        received = r;
        script(s);
      },
      answer === null ? [] : [`Sec-WebSocket-Extensions: ${answer}`],
    );
  });
  return { received: () => Buffer.concat(received), requests };
}

const connect = async (options: object = {}) => {
  client = await createConnection(raw!.url, {
    timeout: 5000,
    getMaskKey: fixedKey,
    extensions: [permessageDeflate()],
    ...options,
  });
  return client;
};

describe("negotiation through createConnection", () => {
  it("offers permessage-deflate; client_max_window_bits and uses the answer", async () => {
    const server = await serve("permessage-deflate; server_no_context_takeover", (s) =>
      s.write(frame(1, compressed("Hello"), { rsv1: true })),
    );
    const ws = await connect();
    expect(server.requests[0]).toMatch(
      /\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n/,
    );
    expect(await ws.recv()).toBe("Hello");
  });

  it.each([
    ["permessage-deflate; mystery=1", WebSocketProtocolException, /unknown parameter "mystery"/],
    [
      "permessage-deflate; server_max_window_bits=16",
      WebSocketProtocolException,
      /server_max_window_bits="16" is not a window size/,
    ],
    [
      "permessage-deflate; client_max_window_bits",
      WebSocketProtocolException,
      /client_max_window_bits needs a value/,
    ],
    [
      "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
      WebSocketProtocolException,
      /parameter "server_no_context_takeover" of extension "permessage-deflate" appears twice/,
    ],
    [
      "permessage-deflate, permessage-deflate",
      WebSocketProtocolException,
      /accepted extension "permessage-deflate" twice/,
    ],
  ])(
    "answer %s fails the handshake; the connection is not opened",
    async (answer, type, message) => {
      await serve(answer);
      const error = await rejection(connect());
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
      await until(() => raw!.closed() === 1, 3000, "the server sees the socket closed");
    },
  );

  it("a disallowed answer (client_max_window_bits not offered) fails the handshake", async () => {
    await serve("permessage-deflate; client_max_window_bits=10");
    const error = await rejection(
      connect({ extensions: [permessageDeflate({ clientMaxWindowBits: false })] }),
    );
    expect(error).toBeInstanceOf(WebSocketProtocolException);
    expect((error as Error).message).toMatch(
      /client_max_window_bits is in the answer but was not offered/,
    );
  });
});

describe("received messages through createConnection", () => {
  it("a 4 GiB bomb (4 MiB on the wire) fails with 1009 within maxPayload; the client closes 1009", async () => {
    const bomb = await zeroBomb(4096);
    let session: DeflateSession | null = null;
    const ext = permessageDeflate();
    const tracked = {
      name: ext.name,
      offer: () => ext.offer(),
      accept: (p: Record<string, string | true>) => {
        session = ext.accept(p);
        return session;
      },
    };
    const server = await serve("permessage-deflate", (s) =>
      s.write(frame(2, bomb, { rsv1: true })),
    );
    const ws = await connect({ extensions: [tracked], maxPayload: 16 * MiB });
    const error = await rejection(ws.recv());
    expect(error).toBeInstanceOf(WebSocketPayloadException);
    expect(error).toMatchObject({ closeCode: 1009 });
    expect(session!.lastInflatedBytes).toBeLessThanOrEqual(16 * MiB + 16 * 1024);
    await until(() => server.received().includes(clientClose(1009)), 5000, "close 1009");
  });

  it("a corrupt compressed message fails with 1007; the client closes 1007", async () => {
    const server = await serve("permessage-deflate", (s) =>
      s.write(frame(1, Buffer.from([0xff, 0xfe, 0xfd]), { rsv1: true })),
    );
    const ws = await connect();
    const error = await rejection(ws.recv());
    expect(error).toMatchObject({ closeCode: 1007 });
    await until(() => server.received().includes(clientClose(1007)), 5000, "close 1007");
  });

  it("invalid UTF-8 after inflating a text message fails with 1007", async () => {
    const server = await serve("permessage-deflate", (s) =>
      s.write(frame(1, compressed(Buffer.from([0x48, 0xc3, 0x28])), { rsv1: true })),
    );
    const ws = await connect();
    expect(await rejection(ws.recv())).toMatchObject({ closeCode: 1007 });
    await until(() => server.received().includes(clientClose(1007)), 5000, "close 1007");
  });

  it.each([
    [
      "RSV1 on a continuation frame",
      [frame(1, compressed("He"), { fin: false, rsv1: true }), frame(0, "llo", { rsv1: true })],
    ],
    ["RSV1 on a ping", [frame(9, "x", { rsv1: true })]],
    ["RSV1 on a close frame", [frame(8, Buffer.from([0x03, 0xe8]), { rsv1: true })]],
  ])("%s is a protocol error (1002) even with permessage-deflate", async (_, frames) => {
    const server = await serve("permessage-deflate", (s) => {
      for (const f of frames) s.write(f);
    });
    const ws = await connect();
    expect(await rejection(ws.recv())).toMatchObject({ closeCode: 1002 });
    await until(() => server.received().includes(clientClose(1002)), 5000, "close 1002");
  });

  it("RSV1 when the server did not accept permessage-deflate is a protocol error (1002)", async () => {
    const server = await serve(null, (s) => s.write(frame(1, compressed("Hello"), { rsv1: true })));
    const ws = await connect();
    expect(await rejection(ws.recv())).toMatchObject({ closeCode: 1002 });
    await until(() => server.received().includes(clientClose(1002)), 5000, "close 1002");
  });

  it("uncompressed messages (RSV1 clear) still pass when permessage-deflate is on", async () => {
    await serve("permessage-deflate", (s) => {
      s.write(frame(1, "plain"));
      s.write(frame(1, compressed("packed"), { rsv1: true }));
    });
    const ws = await connect();
    expect(await ws.recv()).toBe("plain");
    expect(await ws.recv()).toBe("packed");
  });
});

describe("sent messages through createConnection", () => {
  it("RSV1 on the first frame of a compressed message only; small ones go uncompressed", async () => {
    const server = await serve("permessage-deflate");
    const ws = await connect({ extensions: [permessageDeflate({ threshold: 8 })] });
    await ws.send("Hello");
    await ws.send("Hello, Hello, Hello");
    await until(() => server.received().length >= 11 + 6 + 4, 3000, "both frames");
    const bytes = server.received();
    // "Hello": FIN, no RSV1, text.
    expect(bytes[0]).toBe(0x81);
    expect(bytes[1]).toBe(0x80 | 5);
    // The second: FIN + RSV1 + text.
    expect(bytes[11]).toBe(0xc1);
  });
});
