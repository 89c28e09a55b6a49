/**
 * The server both clients of the client benchmark talk to, in its own
 * process so neither client shares its event loop. Raw TCP (node:net) with
 * pre-built frames, so it is not the bottleneck. Text frames are commands:
 *
 * - `burst <size> <count>`: send `count` binary messages of `size` bytes;
 * - `text <size> <count>`: send `count` text messages of `size` bytes of
 *   multi-byte UTF-8 (text-payload.ts);
 * - `count <n>`: swallow the next `n` binary messages, then send text `done`;
 * - any binary message otherwise is echoed back (unmasked).
 *
 * Prints `LISTENING <port>`. Run as a plain-node bundle (client/bundle.ts).
 */
import { createServer, type Socket } from "node:net";
import { frameHeader, requestKey, upgradeResponse } from "../raw-server.js";
import { burst } from "./burst.js";

const DONE = Buffer.concat([frameHeader(1, 4), Buffer.from("done")]);

/** Reads masked client frames out of a chunk stream, one frame at a time. */
class Connection {
  #chunks: Buffer[] = [];
  #buffered = 0;
  #expect = 0;

  constructor(private readonly socket: Socket) {}

  feed(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    for (;;) {
      const head = this.#peek(Math.min(this.#buffered, 14));
      if (head.length < 2) return;
      const opcode = head[0]! & 0x0f;
      let length = head[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (head.length < 4) return;
        length = head.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (head.length < 10) return;
        length = Number(head.readBigUInt64BE(2));
        offset = 10;
      }
      const total = offset + 4 + length;
      if (this.#buffered < total) return;
      // Counted binary frames are only skipped; everything else is unmasked.
      if (opcode === 2 && this.#expect > 0) {
        this.#skip(total);
        if (--this.#expect === 0) this.socket.write(DONE);
        continue;
      }
      const frame = this.#take(total);
      const key = frame.subarray(offset, offset + 4);
      const data = frame.subarray(offset + 4);
      for (let i = 0; i < data.length; i++) data[i]! ^= key[i & 3]!;
      this.#onFrame(opcode, data);
    }
  }

  #onFrame(opcode: number, data: Buffer): void {
    if (opcode === 1) {
      const [command, a, b] = data.toString("latin1").split(" ");
      if (command === "burst") this.socket.write(burst(2, Number(a), Number(b)));
      else if (command === "text") this.socket.write(burst(1, Number(a), Number(b)));
      else if (command === "count") this.#expect = Number(a);
    } else if (opcode === 2) {
      this.socket.write(Buffer.concat([frameHeader(2, data.length), data]));
    } else if (opcode === 8) {
      this.socket.end(Buffer.from([0x88, 0]));
    } else if (opcode === 9) {
      this.socket.write(Buffer.concat([frameHeader(10, data.length), data]));
    }
  }

  #peek(n: number): Buffer {
    const first = this.#chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    const parts: Buffer[] = [];
    let got = 0;
    for (const chunk of this.#chunks) {
      if (got >= n) break;
      parts.push(chunk);
      got += chunk.length;
    }
    return Buffer.concat(parts).subarray(0, n);
  }

  #take(n: number): Buffer {
    const first = this.#chunks[0]!;
    if (first.length >= n) {
      this.#skip(n);
      return Buffer.from(first.subarray(0, n));
    }
    const all = Buffer.concat(this.#chunks);
    this.#chunks = [all];
    const out = Buffer.from(all.subarray(0, n));
    this.#skip(n);
    return out;
  }

  #skip(n: number): void {
    this.#buffered -= n;
    while (n > 0) {
      const first = this.#chunks[0]!;
      if (first.length <= n) {
        this.#chunks.shift();
        n -= first.length;
      } else {
        this.#chunks[0] = first.subarray(n);
        n = 0;
      }
    }
  }
}

const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on("error", () => {});
  let request = "";
  const onHandshake = (chunk: Buffer): void => {
    request += chunk.toString("latin1");
    const end = request.indexOf("\r\n\r\n");
    if (end < 0) return;
    socket.off("data", onHandshake);
    socket.write(upgradeResponse(requestKey(request)));
    const connection = new Connection(socket);
    const rest = Buffer.from(request.slice(end + 4), "latin1");
    socket.on("data", (c: Buffer) => connection.feed(c));
    if (rest.length > 0) connection.feed(rest);
  };
  socket.on("data", onHandshake);
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => process.exit(0));
process.on("disconnect", () => process.exit(0));
