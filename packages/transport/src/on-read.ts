/** Node's `onread` socket option: bytes are read into `buffer` and handed to `callback`. */
export interface OnRead {
  buffer: Uint8Array;
  callback: (bytesRead: number, buffer: Uint8Array) => unknown;
}
