import { gunzipSync, inflateRawSync } from "node:zlib";
import { OPCODE_MAP, parseClosePayload } from "@wsclient/frame";
import { pyRepr } from "./py-repr.js";

/** How received binary is shown. */
export type BinaryFormat = "repr" | "hex" | "base64";

/** Python's `ABNF.OPCODE_MAP` names (frame's `OPCODE_MAP`), indexable by any number. */
export const OPCODE_NAMES: Readonly<Record<number, string | undefined>> = OPCODE_MAP;

/** The largest decompressed size tried when a binary message looks like gzip/zlib. */
const MAX_INFLATE = 16 * 1024 * 1024;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Python wsdump's guess at compressed binary: gzip (magic `1f 8b`) is shown
 * as `[gzip] text`, raw deflate as `[zlib] text`, when it inflates to valid
 * UTF-8 (bounded at 16 MiB). Otherwise `null`.
 */
export function detectCompressed(data: Uint8Array): string | null {
  const tryDecode = (label: string, inflate: () => Buffer): string | null => {
    try {
      return `[${label}] ${strictUtf8.decode(inflate())}`;
    } catch {
      return null;
    }
  };
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    const gz = tryDecode("gzip", () => gunzipSync(data, { maxOutputLength: MAX_INFLATE }));
    if (gz !== null) return gz;
  }
  if (data.length === 0) return null;
  return tryDecode("zlib", () => inflateRawSync(data, { maxOutputLength: MAX_INFLATE }));
}

/** Renders a binary payload: gzip/zlib detection first (unless `raw`), then the chosen format. */
export function renderBinary(data: Uint8Array, format: BinaryFormat): string {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (format === "hex") return buf.toString("hex");
  if (format === "base64") return buf.toString("base64");
  return detectCompressed(data) ?? pyRepr(data);
}

/**
 * The line wsdump prints for a received message or control frame, as Python's
 * wsdump prints it: text as is, binary rendered (see {@link renderBinary}),
 * and, when `verbose`, prefixed with the opcode name (`text: hello`,
 * `ping: b'hi'`, `close: 1000 bye`).
 */
export function renderMessage(
  opcode: number,
  payload: string | Uint8Array,
  options: { verbose: boolean; format: BinaryFormat },
): string {
  let body: string;
  if (typeof payload === "string") body = payload;
  else if (opcode === 8) body = renderClosePayload(payload);
  else if (opcode === 1) body = new TextDecoder().decode(payload);
  else if (opcode === 2 || opcode === 0) body = renderBinary(payload, options.format);
  else body = options.format === "repr" ? pyRepr(payload) : renderBinary(payload, options.format);
  return options.verbose ? `${OPCODE_NAMES[opcode] ?? `opcode ${opcode}`}: ${body}` : body;
}

/** `1000 bye` from a close payload (read by frame's parser); empty when the payload is. */
export function renderClosePayload(payload: Uint8Array): string {
  if (payload.length < 2) return "";
  let code: number;
  let reason: string;
  try {
    ({ code, reason } = parseClosePayload(payload, { skipUtf8Validation: true }));
  } catch {
    return pyRepr(payload); // a payload the peer got wrong: show its bytes
  }
  return reason ? `${code} ${reason}` : `${code}`;
}
