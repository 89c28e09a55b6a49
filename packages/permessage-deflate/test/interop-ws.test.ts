import { once } from "node:events";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer, type PerMessageDeflateOptions as WsDeflateOptions } from "ws";
import type { PerMessageDeflateOptions } from "../src/index.js";
import { roundTrips } from "./round-trips.js";

/**
 * Interop with `ws` (the root devDependency) as the server, perMessageDeflate
 * on with each parameter it supports. The server echoes every message; its
 * socket counts the bytes on the wire, which shows that both directions were
 * compressed.
 */
interface Echo {
  url: string;
  /** Bytes the server's sockets read and wrote since the last reset. */
  wire: () => { read: number; written: number };
  close: () => Promise<void>;
}

async function startEcho(perMessageDeflate: WsDeflateOptions | false): Promise<Echo> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate, maxPayload: 0 });
  await once(wss, "listening");
  const sockets: Socket[] = [];
  wss.on("connection", (ws, req) => {
    sockets.push(req.socket);
    ws.on("message", (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    wire: () => ({
      read: sockets.reduce((n, s) => n + s.bytesRead, 0),
      written: sockets.reduce((n, s) => n + s.bytesWritten, 0),
    }),
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

describe("interop: ws server with perMessageDeflate", () => {
  let echo: Echo;
  afterAll(async () => echo?.close());

  describe("defaults (context takeover both ways, 15-bit windows), 16 MiB both ways", () => {
    beforeAll(async () => {
      echo = await startEcho({});
    });
    it("round-trips and compresses both directions", async () => {
      const { negotiated, bytes } = await roundTrips(echo.url, {}, 16 * 1024 * 1024);
      expect(negotiated).toBe("permessage-deflate");
      const wire = echo.wire();
      // JSON-like text compresses well: both directions carried a fraction of the payload.
      expect(wire.read).toBeLessThan(bytes / 4);
      expect(wire.written).toBeLessThan(bytes / 4);
      await echo.close();
    });
  });

  const P = "permessage-deflate";
  const combos: [string, WsDeflateOptions, PerMessageDeflateOptions, string][] = [
    [
      "server asks client_no_context_takeover",
      { clientNoContextTakeover: true },
      {},
      `${P}; client_no_context_takeover`,
    ],
    [
      "server_no_context_takeover offered",
      {},
      { serverNoContextTakeover: true },
      `${P}; server_no_context_takeover`,
    ],
    [
      "no context takeover either way",
      { clientNoContextTakeover: true, serverNoContextTakeover: true },
      {},
      `${P}; server_no_context_takeover; client_no_context_takeover`,
    ],
    [
      "client offers client_no_context_takeover",
      {},
      { clientNoContextTakeover: true },
      `${P}; client_no_context_takeover`,
    ],
    ["no client_max_window_bits offered", {}, { clientMaxWindowBits: false }, P],
    ...[8, 9, 10, 11, 12, 13, 14, 15].flatMap(
      (bits): [string, WsDeflateOptions, PerMessageDeflateOptions, string][] => [
        [
          `server window ${bits} (ws setting)`,
          { serverMaxWindowBits: bits },
          {},
          `${P}; server_max_window_bits=${bits}`,
        ],
        [
          `server window ${bits} asked by us`,
          {},
          { serverMaxWindowBits: bits },
          `${P}; server_max_window_bits=${bits}`,
        ],
        [
          `client window ${bits} (ws setting)`,
          { clientMaxWindowBits: bits },
          {},
          `${P}; client_max_window_bits=${bits}`,
        ],
        [
          `client window ${bits} offered by us`,
          {},
          { clientMaxWindowBits: bits },
          `${P}; client_max_window_bits=${bits}`,
        ],
      ],
    ),
    [
      "several offers, ws takes the first",
      {},
      { offers: [{ serverMaxWindowBits: 10, serverNoContextTakeover: true }, {}] },
      `${P}; server_no_context_takeover; server_max_window_bits=10`,
    ],
  ];

  it.each(combos)("%s", async (_, server, client, answer) => {
    const e = await startEcho({ ...server, threshold: 0 });
    try {
      const { negotiated, bytes } = await roundTrips(e.url, { ...client, threshold: 0 });
      expect(negotiated).toBe(answer);
      const wire = e.wire();
      expect(wire.read).toBeLessThan(bytes / 2);
      expect(wire.written).toBeLessThan(bytes / 2);
    } finally {
      await e.close();
    }
  });

  it("ws without perMessageDeflate: nothing negotiated, messages pass uncompressed", async () => {
    const e = await startEcho(false);
    try {
      const { negotiated, bytes } = await roundTrips(e.url);
      expect(negotiated).toBeUndefined();
      expect(e.wire().read).toBeGreaterThan(bytes);
    } finally {
      await e.close();
    }
  });
});
