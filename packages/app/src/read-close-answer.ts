import type { WebSocket } from "@wsclient/core";
import { parseCloseArgs } from "./close-args.js";
import { OPCODE_CLOSE } from "./opcodes.js";

/**
 * After `close()`: the code and reason of the close frame the server
 * answered with, or null. Core ends the receive queue after close(), so
 * these reads do not wait; the timer only guards against a read that would.
 */
export async function readCloseAnswer(
  ws: WebSocket,
): Promise<[number | null, string | null] | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const giveUp = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), 100);
  });
  try {
    for (let i = 0; i < 64; i++) {
      const next = await Promise.race([ws.recvDataFrame(true).catch(() => null), giveUp]);
      if (next === null) return null;
      const [opcode, frame] = next;
      if (opcode === OPCODE_CLOSE) return parseCloseArgs(frame.data);
    }
    return null;
  } finally {
    clearTimeout(timer);
  }
}
