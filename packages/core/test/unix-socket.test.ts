import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { createConnection } from "../src/index.js";

let dir = "";
let http: Server;
let wss: WebSocketServer;
let path = "";
let seenUrl = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wsclient-core-unix-"));
  path = join(dir, "ws.sock");
  http = createServer();
  wss = new WebSocketServer({ server: http });
  wss.on("connection", (ws, req) => {
    seenUrl = req.url ?? "";
    ws.on("message", (d, bin) => ws.send(d, { binary: bin }));
  });
  http.listen(path);
  await once(http, "listening");
});
afterAll(async () => {
  for (const c of wss.clients) c.terminate();
  wss.close();
  await new Promise<void>((r) => http.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe("ws+unix: URLs", () => {
  it("talks WebSocket over a Unix domain socket", async () => {
    const ws = await createConnection(`ws+unix://${path}:/chat?room=1`, { timeout: 3000 });
    expect(seenUrl).toBe("/chat?room=1");
    await ws.send("over unix");
    expect(await ws.recv()).toBe("over unix");
    await ws.close();
  });
});
