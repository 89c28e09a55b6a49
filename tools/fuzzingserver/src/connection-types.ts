/** The types a case script uses to drive a {@link FuzzConnection} (connection.ts). */

/** What the connection reports to whoever plays a case on it. */
export interface ConnectionHandler {
  onMessage(payload: Buffer, binary: boolean): void;
  onPing(payload: Buffer): void;
  onPong(payload: Buffer): void;
  onConnectionLost(): void;
}

export interface SendFrameOptions {
  opcode: number;
  payload?: Uint8Array | string;
  fin?: boolean;
  rsv?: number;
  /** Repeat `payload` until the frame payload has this many bytes. */
  payloadLen?: number;
  /** Write the frame's bytes in pieces of this size, each its own write. */
  chopsize?: number;
  /** Write the frame on its own, after what is queued, before what follows. */
  sync?: boolean;
}

export interface ConnectionOptions {
  /** How long to wait for the peer's close frame after sending ours (ms). */
  closeHandshakeTimeout?: number;
  /** Largest message accepted from the peer, in bytes. */
  maxMessageSize?: number;
}
