import {
  encodeFrame,
  FrameParser,
  maskInPlace,
  Utf8Validator,
  validateUtf8,
} from "@wsclient/frame";
import type { BenchCase, BenchSuite } from "./suite.js";
import { Receiver, Sender, type WsReceiver, wsBufferUtil, wsValidation } from "./ws-internals.js";

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES: [string, number][] = [
  ["16 B", 16],
  ["1 KiB", KiB],
  ["64 KiB", 64 * KiB],
  ["1 MiB", MiB],
];

/** Unmasked server-to-client frames packed into chunks of about 64 KiB (or one frame each). */
function frameChunk(
  size: number,
  opcode: number,
  fill: (i: number) => number,
): {
  chunk: Buffer;
  frames: number;
  payloadBytes: number;
} {
  const payload = new Uint8Array(size).map((_, i) => fill(i));
  const one = encodeFrame(opcode, payload, { maskKey: null });
  const frames = Math.max(1, Math.floor((64 * KiB) / one.length));
  const chunk = Buffer.alloc(one.length * frames);
  for (let i = 0; i < frames; i++) chunk.set(one, i * one.length);
  return { chunk, frames, payloadBytes: size * frames };
}

function wsReceiver(onMessage: () => void): WsReceiver {
  const r = new Receiver({
    binaryType: "nodebuffer",
    isServer: false,
    maxPayload: 0,
    skipUTF8Validation: false,
    allowSynchronousEvents: true,
  });
  r.on("message", onMessage);
  r.on("error", (err) => {
    throw err;
  });
  return r;
}

function parseCase(label: string, size: number, text: boolean): BenchCase {
  const ascii = (i: number) => 0x20 + (i % 90);
  const { chunk, frames, payloadBytes } = frameChunk(size, text ? 1 : 2, text ? ascii : (i) => i);
  let oursCalls = 0;
  let oursFrames = 0;
  const parser = new FrameParser({ maxPayload: 0 });
  let theirsCalls = 0;
  let theirsFrames = 0;
  const receiver = wsReceiver(() => theirsFrames++);
  return {
    row: `parse ${label} ${text ? "text frames + UTF-8 check" : "binary frames"}`,
    bytesPerOp: payloadBytes,
    ours: text
      ? () => {
          oursCalls++;
          for (const f of parser.feed(chunk)) {
            if (!validateUtf8(f.data)) throw new Error("bad UTF-8");
            oursFrames++;
          }
        }
      : () => {
          oursCalls++;
          oursFrames += parser.feed(chunk).length;
        },
    theirs: () => {
      theirsCalls++;
      receiver.write(chunk);
    },
    verify: () => {
      if (oursFrames !== oursCalls * frames || theirsFrames !== theirsCalls * frames) {
        throw new Error(
          `frame counts differ: ours ${oursFrames}/${oursCalls * frames}, ws ${theirsFrames}/${theirsCalls * frames}`,
        );
      }
    },
  };
}

/** A large frame arriving the way sockets deliver it: in 64 KiB chunks. */
function splitParseCase(label: string, size: number): BenchCase {
  const wire = Buffer.from(encodeFrame(2, new Uint8Array(size).fill(3), { maskKey: null }));
  const chunks: Buffer[] = [];
  for (let i = 0; i < wire.length; i += 64 * KiB) chunks.push(wire.subarray(i, i + 64 * KiB));
  let oursCalls = 0;
  let oursFrames = 0;
  const parser = new FrameParser({ maxPayload: 0 });
  let theirsCalls = 0;
  let theirsFrames = 0;
  const receiver = wsReceiver(() => theirsFrames++);
  return {
    row: `parse ${label} binary frames in 64 KiB chunks`,
    bytesPerOp: size,
    ours: () => {
      oursCalls++;
      for (const c of chunks) oursFrames += parser.feed(c).length;
    },
    theirs: () => {
      theirsCalls++;
      for (const c of chunks) receiver.write(c);
    },
    verify: () => {
      if (oursFrames !== oursCalls || theirsFrames !== theirsCalls) {
        throw new Error(
          `frame counts differ: ours ${oursFrames}/${oursCalls}, ws ${theirsFrames}/${theirsCalls}`,
        );
      }
    },
  };
}

function maskCase(label: string, size: number): BenchCase {
  const ours = new Uint8Array(size).fill(7);
  const theirs = Buffer.alloc(size, 7);
  const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
  const keyBuf = Buffer.from(key);
  return {
    row: `unmask ${label} in place`,
    bytesPerOp: size,
    ours: () => maskInPlace(ours, key),
    theirs: () => wsBufferUtil.unmask(theirs, keyBuf),
  };
}

function encodeCase(label: string, size: number): BenchCase {
  const payload = Buffer.alloc(size, 0x61);
  const opts = { fin: true, mask: true, opcode: 2, readOnly: true, rsv1: false };
  return {
    row: `encode ${label} masked frame (random key)`,
    bytesPerOp: size,
    ours: () => encodeFrame(2, payload),
    theirs: () => Sender.frame(payload, opts),
  };
}

function utf8Case(label: string, size: number, kind: "ASCII" | "mixed"): BenchCase {
  const unit =
    kind === "ASCII" ? "The quick brown fox jumps over the lazy dog. " : "héllo wörld κόσμε 😀 ∑ ";
  const text = Buffer.from(unit.repeat(Math.ceil(size / Buffer.byteLength(unit))));
  // Cut at a character boundary at or below `size`.
  let end = Math.min(size, text.length);
  while (end > 0 && (text[end]! & 0xc0) === 0x80) end--;
  const buf = text.subarray(0, end);
  return {
    row: `validate UTF-8 ${label} (${kind})`,
    bytesPerOp: buf.length,
    ours: () => {
      if (!validateUtf8(buf)) throw new Error("bad UTF-8");
    },
    theirs: () => {
      if (!wsValidation.isValidUTF8(buf)) throw new Error("bad UTF-8");
    },
  };
}

/**
 * A 64 KiB text message arriving in 16 fragments: our streaming validator on
 * each fragment, vs what ws does (concatenate the fragments, then validate).
 */
function streamingUtf8Case(): BenchCase {
  const buf = Buffer.from("héllo wörld κόσμε 😀 ∑ ".repeat(2400)).subarray(0, 64 * KiB);
  const piece = 4093; // fragments that split multi-byte sequences
  const fragments: Buffer[] = [];
  for (let i = 0; i < buf.length; i += piece) fragments.push(buf.subarray(i, i + piece));
  const v = new Utf8Validator();
  return {
    row: "validate a 64 KiB text message in 16 fragments (streaming vs ws concat + check)",
    bytesPerOp: buf.length,
    ours: () => {
      for (const f of fragments) v.push(f);
      if (!v.end()) throw new Error("bad UTF-8");
    },
    theirs: () => {
      if (!wsValidation.isValidUTF8(Buffer.concat(fragments, buf.length)))
        throw new Error("bad UTF-8");
    },
  };
}

/** The frame codec against ws's Receiver, Sender, bufferutil masking and UTF-8 check. */
export const codecSuite: BenchSuite = {
  name: "codec",
  title: "Frame codec: @wsclient/frame vs ws (Receiver, Sender, bufferutil, buffer.isUtf8)",
  setup() {
    const cases: BenchCase[] = [];
    for (const [label, size] of SIZES) cases.push(parseCase(label, size, false));
    cases.push(splitParseCase("1 MiB", MiB));
    cases.push(parseCase("1 KiB", KiB, true));
    cases.push(parseCase("64 KiB", 64 * KiB, true));
    for (const [label, size] of SIZES) cases.push(maskCase(label, size));
    for (const [label, size] of SIZES) cases.push(encodeCase(label, size));
    for (const [label, size] of SIZES) cases.push(utf8Case(label, size, "ASCII"));
    cases.push(utf8Case("64 KiB", 64 * KiB, "mixed"));
    cases.push(streamingUtf8Case());
    // CODEC_ROWS=<regex> runs only the matching rows (for measuring one change).
    const only = process.env.CODEC_ROWS;
    return only ? cases.filter((c) => new RegExp(only, "i").test(c.row)) : cases;
  },
};
