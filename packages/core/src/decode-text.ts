const textDecoder = new TextDecoder("utf-8");
const fatalDecoder = new TextDecoder("utf-8", { fatal: true });

/**
 * A text message's payload as a string. It was validated already unless
 * `skipUtf8Validation`: then invalid bytes become U+FFFD.
 */
export function decodeText(data: Uint8Array): string {
  try {
    return fatalDecoder.decode(data);
  } catch {
    return textDecoder.decode(data);
  }
}
