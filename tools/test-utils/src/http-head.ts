import type { Socket } from "node:net";

/**
 * Waits for a full HTTP head (`\r\n\r\n`) on `socket`, then calls `then` with
 * it (without the blank line) and any bytes that came after it. A head over `maxBytes` (default 16 KiB)
 * destroys the socket, so a runaway client cannot grow memory without bound.
 */
export function onHead(
  socket: Socket,
  then: (head: string, rest: Buffer) => void,
  maxBytes = 16 * 1024,
): void {
  let buf = "";
  const onData = (chunk: Buffer): void => {
    buf += chunk.toString("latin1");
    if (buf.length > maxBytes) return void socket.destroy();
    const end = buf.indexOf("\r\n\r\n");
    if (end === -1) return;
    socket.off("data", onData);
    then(buf.slice(0, end), Buffer.from(buf.slice(end + 4), "latin1"));
  };
  socket.on("data", onData);
}
