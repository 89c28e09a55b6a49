/** The server bursts of the client benchmark, built once per (kind, size, count). */
import { frameHeader } from "../raw-server.js";
import { textPayload } from "./text-payload.js";

const bursts = new Map<string, Buffer>();

/** `count` frames of `size` bytes (binary, or multi-byte UTF-8 text), built once per (kind, size, count). */
export function burst(opcode: 1 | 2, size: number, count: number): Buffer {
  const key = `${opcode}:${size}x${count}`;
  let wire = bursts.get(key);
  if (!wire) {
    const payload = opcode === 1 ? textPayload(size) : Buffer.alloc(size, 0x42);
    const one = Buffer.concat([frameHeader(opcode, size), payload]);
    wire = Buffer.alloc(one.length * count);
    for (let i = 0; i < count; i++) one.copy(wire, i * one.length);
    bursts.set(key, wire);
  }
  return wire;
}
