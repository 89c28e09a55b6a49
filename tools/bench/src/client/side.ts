/** What every side of the client benchmark (wsclient, ws, raw readers) offers the timing loop. */
export interface Side {
  /** Ask the server for `count` binary messages of `size` bytes and take them all. */
  recv(size: number, count: number): Promise<void>;
  /** Ask for `count` multi-byte UTF-8 text messages of `size` bytes and take each as a string. */
  recvText?(size: number, count: number): Promise<void>;
  /** Send `payload` as one binary message and wait for it to come back. */
  echo?(payload: Buffer): Promise<void>;
  /** Announce `count`, send `payload` `count` times, wait for the server's `done`. */
  send?(payload: Buffer, count: number): Promise<void>;
  /** Wrong sizes, wrong text or wrong answers seen so far (a non-zero count fails the run). */
  readonly bad: number;
  close(): void;
}

/** A masked (all-zero key, so the payload is as written) text frame: a command to the server. */
export function commandFrame(command: string): Buffer {
  const payload = Buffer.from(command, "latin1");
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}
