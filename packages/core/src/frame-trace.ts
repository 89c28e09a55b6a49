import { ABNF } from "@wsclient/frame";
import { OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG } from "./opcodes.js";
import type { ProtocolEvent } from "./protocol/events.js";
import { describeFrame, type TraceHandler } from "./trace.js";

/** Traces a frame about to be written: its raw bytes and, unmasked, its payload. */
export function traceSent(trace: TraceHandler, bytes: Uint8Array): void {
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  let offset = 2;
  let len = b1 & 0x7f;
  if (len === 126) {
    len = ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
    offset = 4;
  } else if (len === 127) {
    len = Number(new DataView(bytes.buffer, bytes.byteOffset + 2, 8).getBigUint64(0));
    offset = 10;
  }
  let data = bytes.subarray(offset + ((b1 & 0x80) !== 0 ? 4 : 0));
  if ((b1 & 0x80) !== 0)
    data = ABNF.mask(bytes.subarray(offset, offset + 4), data.subarray(0, 256));
  trace(`++Sent raw: ${hexPreview(bytes)}`);
  const compressed = (b0 & 0x40) !== 0 ? " rsv1=1 (compressed)" : "";
  trace(`++Sent decoded: ${describeFrame(b0 >> 7, b0 & 0x0f, data.subarray(0, len))}${compressed}`);
}

/** Traces what the protocol made of received bytes. */
export function traceEvent(trace: TraceHandler, event: ProtocolEvent): void {
  switch (event.type) {
    case "message":
      trace(
        `++Rcv decoded: ${describeFrame(1, event.opcode, event.data)}${event.rsv1 ? " rsv1=1 (compressed, before decoding)" : ""}`,
      );
      break;
    case "fragment":
      trace(`++Rcv decoded: ${describeFrame(event.fin ? 1 : 0, event.opcode, event.data)}`);
      break;
    case "ping":
    case "pong":
      trace(
        `++Rcv decoded: ${describeFrame(1, event.type === "ping" ? OPCODE_PING : OPCODE_PONG, event.data)}`,
      );
      break;
    case "close":
      trace(`++Rcv decoded: ${describeFrame(1, OPCODE_CLOSE, event.data)}`);
      break;
    case "error":
      trace(`++Error: ${event.error.message} (close code ${event.error.closeCode})`);
      break;
    case "eof":
      trace(`++Connection ${event.clean ? "closed" : "lost"}`);
      break;
  }
}

function hexPreview(bytes: Uint8Array): string {
  let out = "";
  const n = Math.min(bytes.length, 64);
  for (let i = 0; i < n; i++) out += bytes[i]!.toString(16).padStart(2, "0");
  return bytes.length > n ? `${out}... (${bytes.length} bytes)` : out;
}
