import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

/** A running {@link startDeflateEchoServer}. */
export interface DeflateEchoServer {
  url: string;
  /** Each upgrade request's `Sec-WebSocket-Extensions` offer (undefined: none), in order. */
  offers: (string | undefined)[];
  close(): Promise<void>;
}

/**
 * A `ws` echo server on 127.0.0.1 with permessage-deflate (threshold 0:
 * every message compressed) that records each request's extension offer:
 * the peer of the facade's and wsdump's compression tests.
 */
export async function startDeflateEchoServer(): Promise<DeflateEchoServer> {
  const wss = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    perMessageDeflate: { threshold: 0 },
  });
  const offers: (string | undefined)[] = [];
  wss.on("connection", (ws, req) => {
    offers.push(req.headers["sec-websocket-extensions"]);
    ws.on("message", (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
  });
  await once(wss, "listening");
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`,
    offers,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
