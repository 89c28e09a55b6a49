const textDecoder = new TextDecoder("utf-8");

/**
 * A text message's payload as a string. The frame parser validated it as
 * it arrived (or an extension after decoding), so this only decodes; with
 * `skipUtf8Validation` invalid bytes become U+FFFD.
 */
export function decodeText(data: Uint8Array): string {
  return textDecoder.decode(data);
}
