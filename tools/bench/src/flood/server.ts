/**
 * The flood suite's server (raw TCP, its own process, pinned to CPU 1):
 *
 * - `GET /flood?size=S&count=N`: answers the handshake, then writes N binary
 *   messages of S bytes (each starting with its 4-byte big-endian sequence
 *   number) as fast as the socket takes them, waiting for 'drain' when the
 *   kernel buffer is full, then a 1000 close frame;
 * - `GET /sink?size=S&count=N`: a slow reader: reads what the client sends,
 *   pausing 2 ms after every MiB so its kernel buffers fill, and once the N
 *   masked frames of S bytes have arrived (counted in bytes) sends the text
 *   message `done`.
 *
 * Prints `LISTENING <port>`.
 */
import { createServer, type Socket } from "node:net";
import { frameHeader as header, upgradeResponse } from "../raw-server.js";

function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off("drain", done);
      socket.off("close", done);
      resolve();
    };
    socket.on("drain", done);
    socket.on("close", done);
  });
}

async function flood(socket: Socket, size: number, count: number): Promise<void> {
  const rest = Buffer.alloc(Math.max(0, size - 4), 0x5a);
  for (let i = 0; i < count; i++) {
    if (socket.destroyed) return;
    const head = Buffer.concat([header(2, size), Buffer.alloc(4)]);
    head.writeUInt32BE(i, head.length - 4);
    socket.cork();
    socket.write(size >= 4 ? head : head.subarray(0, head.length - 4 + size));
    const ok = socket.write(rest);
    socket.uncork();
    if (!ok) await drained(socket);
  }
  socket.write(Buffer.from([0x88, 2, 0x03, 0xe8]));
}

function sink(socket: Socket, size: number, count: number, already: number): void {
  const headerBytes = (size < 126 ? 2 : size < 65536 ? 4 : 10) + 4;
  const expected = count * (headerBytes + size);
  let got = already;
  let sincePause = 0;
  let done = false;
  socket.on("data", (chunk: Buffer) => {
    got += chunk.length;
    sincePause += chunk.length;
    if (!done && got >= expected) {
      done = true;
      socket.write(Buffer.from([0x81, 4, 0x64, 0x6f, 0x6e, 0x65]));
    }
    if (sincePause >= 1048576) {
      sincePause = 0;
      socket.pause();
      setTimeout(() => socket.resume(), 2);
    }
  });
}

const server = createServer((socket) => {
  let request = "";
  socket.on("error", () => {});
  socket.on("data", function onData(chunk: Buffer) {
    request += chunk.toString("latin1");
    const end = request.indexOf("\r\n\r\n");
    if (end < 0) {
      if (request.length > 16384) socket.destroy();
      return;
    }
    socket.off("data", onData);
    const [line = "", ...lines] = request.slice(0, end).split("\r\n");
    const key = lines
      .map((l) => l.split(/:\s*/, 2))
      .find(([name]) => name?.toLowerCase() === "sec-websocket-key")?.[1];
    const url = new URL(line.split(" ")[1] ?? "/", "http://localhost");
    socket.write(upgradeResponse(key ?? ""));
    const size = Number(url.searchParams.get("size") ?? 1048576);
    const count = Number(url.searchParams.get("count") ?? 1024);
    if (url.pathname === "/sink") {
      sink(socket, size, count, Buffer.from(request.slice(end + 4), "latin1").length);
      return;
    }
    // Read and drop whatever the client sends (its close frame); never buffer it.
    socket.on("data", () => {});
    flood(socket, size, count).then(
      () => socket.end(),
      () => socket.destroy(),
    );
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => process.exit(0));
