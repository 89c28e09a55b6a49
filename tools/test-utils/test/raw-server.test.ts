import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import {
  onHead,
  rawHandshake,
  startRawServer,
  startUpgradedServer,
  switchingProtocols,
  within,
} from "../src/index.js";

function read(socket: Socket, until: (text: string) => boolean): Promise<string> {
  return within(
    new Promise<string>((resolve) => {
      let text = "";
      socket.on("data", (chunk: Buffer) => {
        text += chunk.toString("latin1");
        if (until(text)) resolve(text);
      });
    }),
    3000,
    "reply",
  );
}

const REQUEST =
  "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

describe("startRawServer", () => {
  it("runs a scripted exchange and records what each client sent", async () => {
    const server = await startRawServer(
      (socket, index) => onHead(socket, (head) => socket.end(`#${index} ${head.split(" ")[0]}`)),
      { record: true },
    );
    try {
      expect(server.url).toBe(`ws://127.0.0.1:${server.port}/`);
      const client = connect(server.port, "127.0.0.1");
      client.write("PING / HTTP/1.1\r\n\r\n");
      expect(await read(client, (t) => t.includes("PING"))).toBe("#0 PING");
      await once(client, "close");
      expect(server.connections()).toBe(1);
      expect(server.received[0]?.toString()).toBe("PING / HTTP/1.1\r\n\r\n");
      await within(
        (async () => {
          while (server.closed() < 1) await new Promise((r) => setTimeout(r, 10));
        })(),
        3000,
        "server side close",
      );
    } finally {
      await server.close();
    }
  });

  it("close() destroys open client sockets", async () => {
    const server = await startRawServer(() => {});
    const client = connect(server.port, "127.0.0.1");
    client.on("error", () => {});
    await once(client, "connect");
    await within(
      (async () => {
        while (server.sockets.size < 1) await new Promise((r) => setTimeout(r, 10));
      })(),
      3000,
      "accept",
    );
    await within(Promise.all([server.close(), once(client, "close")]), 3000, "close");
  });
});

describe("RFC 6455 4.2.2 opening handshake", () => {
  it("switchingProtocols answers the RFC's sample key", () => {
    expect(switchingProtocols(REQUEST)).toContain(
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n",
    );
    expect(switchingProtocols(REQUEST, ["X-Extra: 1"])).toMatch(/X-Extra: 1\r\n\r\n$/);
  });

  it("startUpgradedServer answers 101 and then runs the script", async () => {
    const server = await startUpgradedServer((socket) => socket.end(Buffer.from([0x88, 0x00])));
    try {
      const client = connect(server.port, "127.0.0.1");
      client.write(REQUEST);
      const text = await read(client, (t) => t.endsWith("\x88\x00"));
      expect(text.startsWith("HTTP/1.1 101 Switching Protocols\r\n")).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("rawHandshake collects the bytes sent after the request", async () => {
    let got: Buffer[] = [];
    const server = await startRawServer((socket) =>
      rawHandshake(socket, (_s, received) => {
        got = received;
      }),
    );
    try {
      const client = connect(server.port, "127.0.0.1");
      client.write(`${REQUEST}AB`);
      await read(client, (t) => t.includes("\r\n\r\n"));
      client.write("CD");
      await within(
        (async () => {
          while (Buffer.concat(got).length < 4) await new Promise((r) => setTimeout(r, 10));
        })(),
        3000,
        "bytes after the request",
      );
      expect(Buffer.concat(got).toString()).toBe("ABCD");
    } finally {
      await server.close();
    }
  });
});
