// A raw-TCP WebSocket server that sends as fast as the socket takes it:
// GET /flood?size=S&count=N answers the handshake, then writes N binary
// messages of S bytes (each starts with its 4-byte big-endian sequence
// number, the rest is one shared pre-built payload), then a 1000 close frame.
// It waits for 'drain' whenever the kernel buffer is full, so its own memory
// stays small and the pace is set by how fast the client reads.
// GET /sink?size=S&count=N is the other direction: a slow reader (see sink()).
// Prints "LISTENING <port>"; "SENT <json>" when a flood is done.
import { createHash } from "node:crypto";
import { createServer } from "node:net";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

function header(opcode, length) {
  if (length < 126) return Buffer.from([0x80 | opcode, length]);
  if (length < 65536) {
    const h = Buffer.alloc(4);
    h[0] = 0x80 | opcode;
    h[1] = 126;
    h.writeUInt16BE(length, 2);
    return h;
  }
  const h = Buffer.alloc(10);
  h[0] = 0x80 | opcode;
  h[1] = 127;
  h.writeBigUInt64BE(BigInt(length), 2);
  return h;
}

function drained(socket) {
  return new Promise((resolve) => {
    const done = () => {
      socket.off("drain", done);
      socket.off("close", done);
      resolve();
    };
    socket.on("drain", done);
    socket.on("close", done);
  });
}

async function flood(socket, size, count) {
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
  process.stdout.write(`SENT ${JSON.stringify({ size, count })}\n`);
}

/**
 * GET /sink?size=S&count=N: a slow reader. Reads what the client sends,
 * pausing 2 ms after every MiB so its kernel buffers fill, and once the N
 * masked frames of S bytes have arrived (counted in bytes) sends the text
 * message "done".
 */
function sink(socket, size, count, already) {
  const headerBytes = (size < 126 ? 2 : size < 65536 ? 4 : 10) + 4;
  const expected = count * (headerBytes + size);
  let got = already;
  let sincePause = 0;
  let done = false;
  socket.on("data", (chunk) => {
    got += chunk.length;
    sincePause += chunk.length;
    if (!done && got >= expected) {
      done = true;
      socket.write(Buffer.from([0x81, 4, 0x64, 0x6f, 0x6e, 0x65]));
      process.stdout.write(`SUNK ${JSON.stringify({ size, count })}\n`);
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
  socket.on("data", function onData(chunk) {
    request += chunk.toString("latin1");
    const end = request.indexOf("\r\n\r\n");
    if (end < 0) {
      if (request.length > 16384) socket.destroy();
      return;
    }
    socket.off("data", onData);
    const [line, ...lines] = request.slice(0, end).split("\r\n");
    const key = lines
      .map((l) => l.split(/:\s*/, 2))
      .find(([name]) => name.toLowerCase() === "sec-websocket-key")?.[1];
    const url = new URL(line.split(" ")[1] ?? "/", "http://localhost");
    const accept = createHash("sha1").update(`${key}${GUID}`).digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
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

server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on("SIGTERM", () => process.exit(0));
