import { once } from "node:events";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "../src/index.js";
import { startWsServer } from "./helpers.js";

let server: Awaited<ReturnType<typeof startWsServer>>;
beforeAll(async () => {
  server = await startWsServer();
  server.wss.on("connection", (ws) => ws.on("message", (d, bin) => ws.send(d, { binary: bin })));
});
afterAll(async () => {
  await server.close();
});

describe("connect option `socket` (a pre-connected socket)", () => {
  it("runs the handshake and frames over the caller's socket", async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), "127.0.0.1");
    await once(socket, "connect");
    const ws = await createConnection(`ws://example.invalid:${port}/`, { timeout: 3000, socket });
    expect(ws.sock).toBe(socket);
    expect(ws.isSsl()).toBe(false);
    await ws.send("over my socket");
    expect(await ws.recv()).toBe("over my socket");
    await ws.close();
  });
});
