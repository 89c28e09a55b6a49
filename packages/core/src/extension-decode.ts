import { WebSocketException, WebSocketPayloadException } from "@wsclient/errors";
import { validateUtf8 } from "@wsclient/frame";
import type { ExtensionSession } from "./extension.js";

/**
 * Decodes a received message through the extension session that claims
 * RSV1, then checks what the session cannot be trusted with: the size limit
 * (1009) and, for text, UTF-8 (1007). Any other failure of the session is a
 * 1007 with it as the cause.
 */
export async function decodeMessage(
  session: ExtensionSession,
  data: Uint8Array,
  opcode: 1 | 2,
  { maxPayload, skipUtf8Validation }: { maxPayload: number; skipUtf8Validation: boolean },
): Promise<Uint8Array> {
  let decoded: Uint8Array;
  try {
    decoded = await session.decode(data, { opcode, maxPayload });
  } catch (err) {
    if (WebSocketException.isInstance(err)) throw err;
    throw new WebSocketPayloadException(`Extension ${session.name} failed to decode a message`, {
      cause: err,
      closeCode: 1007,
    });
  }
  if (maxPayload > 0 && decoded.length > maxPayload) {
    throw new WebSocketPayloadException(
      `Message too big after decoding: more than ${maxPayload} bytes (maxPayload)`,
      { closeCode: 1009 },
    );
  }
  if (opcode === 1 && !skipUtf8Validation && !validateUtf8(decoded)) {
    throw new WebSocketPayloadException("Invalid UTF-8 in text message", { closeCode: 1007 });
  }
  return decoded;
}
