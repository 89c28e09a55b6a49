/**
 * wsclient as its users write it: `await ws.recv()` per message and
 * `await ws.sendBinary()` per message, one connection.
 */
import { createConnection } from "@wsclient/core";
import type { Side } from "./side.js";
import { textString } from "./text-payload.js";

export async function openWsclient(url: string): Promise<Side> {
  const ws = await createConnection(url, { timeout: 30000 });
  let bad = 0;
  let expectedText = "";
  return {
    get bad() {
      return bad;
    },
    async recv(size, count) {
      await ws.sendText(`burst ${size} ${count}`);
      for (let i = 0; i < count; i++) {
        const msg = await ws.recv();
        if (typeof msg === "string" || msg.length !== size) bad++;
      }
    },
    async recvText(size, count) {
      if (expectedText.length === 0) expectedText = textString(size);
      await ws.sendText(`text ${size} ${count}`);
      // The first message is compared in full, the rest by length: the
      // library validated the UTF-8, the comparison would only add cost.
      const first = await ws.recv();
      if (first !== expectedText) bad++;
      for (let i = 1; i < count; i++) {
        const msg = await ws.recv();
        if (typeof msg !== "string" || msg.length !== expectedText.length) bad++;
      }
    },
    async echo(payload) {
      await ws.sendBinary(payload);
      const msg = await ws.recv();
      if (typeof msg === "string" || msg.length !== payload.length) bad++;
    },
    async send(payload, count) {
      await ws.sendText(`count ${count}`);
      for (let i = 0; i < count; i++) await ws.sendBinary(payload);
      if ((await ws.recv()) !== "done") bad++;
    },
    close() {
      ws.shutdown();
    },
  };
}
