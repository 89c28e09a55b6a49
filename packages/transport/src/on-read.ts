/** Node's `onread` socket option: bytes are read into `buffer` and handed to `callback`. */
export interface OnRead {
  /** The reused buffer, or a function Node calls before each read for where it goes. */
  buffer: Uint8Array | (() => Uint8Array);
  callback: (bytesRead: number, buffer: Uint8Array) => unknown;
}
