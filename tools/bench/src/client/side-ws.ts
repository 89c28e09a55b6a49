/**
 * The `ws` client as its users write it: count `'message'` events (text
 * delivered with `isBinary` false and turned into a string with
 * `data.toString()`), and call `send()` without waiting (ws has no send-side
 * flow control). With or without bufferutil is the caller's environment
 * (`WS_NO_BUFFER_UTIL=1`), checked by side-main.ts.
 */
import { once } from "node:events";
import WebSocket from "ws";
import type { Side } from "./side.js";
import { textString } from "./text-payload.js";

export async function openWs(url: string): Promise<Side> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await once(ws, "open");
  let bad = 0;
  let want = 0;
  let size = -1;
  let expectedText = "";
  let checkText = false;
  let resolve: (() => void) | null = null;
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    if (isBinary) {
      if (size >= 0 && data.length !== size) bad++;
    } else {
      const text = data.toString();
      if (checkText) {
        checkText = false;
        if (text !== expectedText) bad++;
      } else if (size >= 0 && text.length !== expectedText.length) bad++;
      else if (size < 0 && text !== "done") bad++;
    }
    if (--want === 0) {
      const done = resolve;
      resolve = null;
      done?.();
    }
  });
  /** Resolves after `n` more messages (binary ones checked to be `bytes` long; -1: any). */
  const next = (n: number, bytes: number): Promise<void> => {
    want = n;
    size = bytes;
    return new Promise((r) => {
      resolve = r;
    });
  };
  return {
    get bad() {
      return bad;
    },
    recv(bytes, count) {
      const done = next(count, bytes);
      ws.send(`burst ${bytes} ${count}`);
      return done;
    },
    recvText(bytes, count) {
      if (expectedText.length === 0) expectedText = textString(bytes);
      checkText = true;
      const done = next(count, bytes);
      ws.send(`text ${bytes} ${count}`);
      return done;
    },
    echo(payload) {
      const done = next(1, payload.length);
      ws.send(payload);
      return done;
    },
    send(payload, count) {
      const done = next(1, -1);
      ws.send(`count ${count}`);
      for (let i = 0; i < count; i++) ws.send(payload);
      return done;
    },
    close() {
      ws.terminate();
    },
  };
}
