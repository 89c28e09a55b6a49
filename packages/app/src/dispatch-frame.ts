import type { CallbackRunner } from "./callback-runner.js";
import { OPCODE_BINARY, OPCODE_CONT, OPCODE_PING, OPCODE_PONG, OPCODE_TEXT } from "./opcodes.js";
import type { WebSocketAppOptions } from "./options.js";

const utf8 = new TextDecoder("utf-8");

/**
 * One received frame to the app's callbacks, as Python's `run_forever`
 * dispatches: pings to `onPing`, pongs to `onPong` (with the connection's
 * latency), continuation frames to `onData` and `onContMessage`, messages
 * to `onData` (with their real opcode) then `onMessage` — text decoded
 * unless `skipUtf8Validation`, which hands it over as raw bytes.
 */
export async function dispatchFrame<App>(
  callbacks: CallbackRunner<App>,
  app: WebSocketAppOptions<App>,
  opcode: number,
  frame: { fin: number; data: Uint8Array },
  how: { decodeText: boolean; latency: number | null },
): Promise<void> {
  const fin = Boolean(frame.fin);
  const data = frame.data;
  if (opcode === OPCODE_PING) {
    await callbacks.call(app.onPing, data);
  } else if (opcode === OPCODE_PONG) {
    await callbacks.call(app.onPong, data, how.latency);
  } else if (opcode === OPCODE_CONT) {
    await callbacks.call(app.onData, data, OPCODE_CONT, fin);
    await callbacks.call(app.onContMessage, data, fin);
  } else if (opcode === OPCODE_TEXT || opcode === OPCODE_BINARY) {
    const message = opcode === OPCODE_TEXT && how.decodeText ? utf8.decode(data) : data;
    await callbacks.call(app.onData, message, opcode, fin);
    await callbacks.call(app.onMessage, message);
  }
}
