import type { Socket } from "node:net";
import { FrameParser } from "@wsclient/frame";
import { rawHandshake, startRawServer } from "@wsclient-tools/test-utils";

/**
 * A raw server that stops reading after the handshake until `drain()`,
 * then collects everything until the client is gone: for sends that must
 * wait in Node's buffer and in the kernel's.
 */
export async function stalledServer() {
  let socket: Socket | null = null;
  let received: Buffer[] = [];
  let opened: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const raw = await startRawServer((s) =>
    rawHandshake(s, (sock, r) => {
      sock.pause();
      socket = sock;
      received = r;
      opened();
    }),
  );
  return {
    url: raw.url,
    open,
    socket: () => socket!,
    /** Reads what the kernel still holds and returns the binary messages, in order. */
    async drain(): Promise<Uint8Array[]> {
      const s = socket!;
      const ended = new Promise<void>((resolve) => {
        s.once("end", resolve);
        s.once("close", resolve);
      });
      s.resume();
      await ended;
      const parser = new FrameParser({ expectMasked: true, maxPayload: 0 });
      const { frames } = parser.feedAll(Buffer.concat(received));
      return frames.filter((f) => f.opcode === 2).map((f) => f.data);
    },
    close: () => raw.close(),
  };
}
