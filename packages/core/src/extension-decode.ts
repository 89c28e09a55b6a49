import { WebSocketException, WebSocketPayloadException } from "@wsclient/errors";
import { validateUtf8 } from "@wsclient/frame";
import type { ExtensionSession } from "./extension.js";
import type { MessageEvent } from "./protocol/events.js";
import type { QueueItem } from "./receive-queue.js";

/**
 * Decodes a queued message through its extension after the decodes before
 * it (`previous`): `item.pending` is set until done, then `item.event` is the
 * decoded message — or an error event, after `onFailure` failed the
 * connection. `item.pending` never rejects (no unhandled rejection).
 * Returns the new tail of the decode chain.
 */
export function decodeQueued(
  item: QueueItem,
  event: MessageEvent,
  ext: ExtensionSession,
  previous: Promise<unknown>,
  maxPayload: number,
  onFailure: (error: WebSocketException) => void,
): Promise<unknown> {
  const decoded = previous.then(() => ext.decode(event.data, { opcode: event.opcode, maxPayload }));
  item.pending = decoded
    .then((data) => {
      if (maxPayload > 0 && data.length > maxPayload) {
        throw new WebSocketPayloadException(
          `Message too big after decoding: more than ${maxPayload} bytes (maxPayload)`,
          { closeCode: 1009 },
        );
      }
      if (event.needsUtf8Check && !validateUtf8(data)) {
        throw new WebSocketPayloadException("Invalid UTF-8 in text message", {
          closeCode: 1007,
        });
      }
      item.event = { ...event, data, rsv1: false, needsUtf8Check: false };
      item.pending = null;
    })
    .catch((err: unknown) => {
      const error =
        err instanceof WebSocketException
          ? err
          : new WebSocketPayloadException(`Extension ${ext.name} failed to decode a message`, {
              cause: err,
              closeCode: 1007,
            });
      item.event = { type: "error", error };
      item.pending = null;
      onFailure(error);
    });
  return decoded.catch(() => undefined);
}
