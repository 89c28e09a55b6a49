import { createHash } from "node:crypto";
import type { Socket } from "node:net";
import { onHead } from "./http-head.js";
import { type RawServer, type RawServerOptions, startRawServer } from "./raw-server.js";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * The 101 response to an upgrade request head, computed here rather than with
 * the code under test. RFC 6455 4.2.2: "concatenate this with the Globally
 * Unique Identifier ... take the SHA-1 hash of this concatenated value to
 * obtain a 20-byte value and base64-encode".
 */
export function switchingProtocols(head: string, extraHeaders: readonly string[] = []): string {
  const key = /^sec-websocket-key:\s*(\S+)/im.exec(head)?.[1] ?? "";
  const accept = createHash("sha1").update(`${key}${GUID}`).digest("base64");
  return [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${accept}`,
    ...extraHeaders,
    "",
    "",
  ].join("\r\n");
}

/**
 * Reads the client's upgrade request from a raw socket, answers 101 (with
 * `extraHeaders`), then hands the socket to `then`. `received` collects every
 * byte the client sends after its request (including any that came with it).
 */
export function rawHandshake(
  socket: Socket,
  then: (socket: Socket, received: Buffer[]) => void,
  extraHeaders: readonly string[] = [],
): void {
  let head = Buffer.alloc(0);
  const received: Buffer[] = [];
  let upgraded = false;
  socket.on("data", (chunk: Buffer) => {
    if (upgraded) {
      received.push(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    upgraded = true;
    socket.write(switchingProtocols(head.subarray(0, end).toString("latin1"), extraHeaders));
    const rest = head.subarray(end + 4);
    if (rest.length > 0) received.push(rest);
    then(socket, received);
  });
}

/**
 * A raw server that completes each opening handshake by hand (request heads
 * over 16 KiB are dropped) and then runs `script` on the socket.
 */
export function startUpgradedServer(
  script: (socket: Socket) => void,
  options?: RawServerOptions,
): Promise<RawServer> {
  return startRawServer(
    (socket) =>
      onHead(socket, (head) => {
        socket.write(switchingProtocols(head));
        script(socket);
      }),
    options,
  );
}
