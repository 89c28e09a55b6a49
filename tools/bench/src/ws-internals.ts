import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const wsDir = dirname(require.resolve("ws"));

interface WsBufferUtil {
  mask(source: Buffer, mask: Buffer, output: Buffer, offset: number, length: number): void;
  unmask(buffer: Buffer, mask: Buffer): void;
}
interface WsValidation {
  isValidUTF8(buf: Buffer): boolean;
}

/** The part of ws's `Receiver` (a Writable) the benchmark drives; @types/ws leaves it out. */
export interface WsReceiver {
  write(chunk: Buffer): boolean;
  on(event: "message", listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: "error", listener: (err: Error) => void): this;
}
interface WsModule {
  Receiver: new (opts: {
    binaryType: "nodebuffer";
    isServer: boolean;
    maxPayload: number;
    skipUTF8Validation: boolean;
    allowSynchronousEvents: boolean;
  }) => WsReceiver;
  Sender: {
    frame(
      data: Buffer,
      opts: { fin: boolean; mask: boolean; opcode: number; readOnly: boolean; rsv1: boolean },
    ): Buffer[];
  };
}

/** ws's own Receiver and Sender classes (exported by ws, untyped by @types/ws). */
export const { Receiver, Sender } = require("ws") as WsModule;

/** ws's masking helpers (they use `bufferutil` when it is installed). */
export const wsBufferUtil = require(join(wsDir, "lib/buffer-util.js")) as WsBufferUtil;
/** ws's UTF-8 check (`buffer.isUtf8` on Node >= 18.14, JS below 24 bytes). */
export const wsValidation = require(join(wsDir, "lib/validation.js")) as WsValidation;

/** True when ws found the native `bufferutil` addon (as the benchmark asks for). */
export function wsUsesBufferutil(): boolean {
  return String(wsBufferUtil.unmask).includes("bufferUtil.unmask");
}
