import type { Duplex } from "node:stream";
import {
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketProtocolException,
} from "@wsclient/errors";
import {
  buildRequest,
  type HandshakeResponse,
  isRedirect,
  type Negotiated,
  nextRedirect,
  type RequestOptions,
  ResponseParser,
  validateResponse,
} from "@wsclient/handshake";
import { type Connection, openConnection } from "@wsclient/transport";
import type { Extension, ExtensionSession } from "./extension.js";
import type { ConnectOptions } from "./options.js";
import type { ReadSink } from "./read-sink.js";
import { type TraceHandler, traceBlock } from "./trace.js";
import { waitFor } from "./wait.js";

/** An open, upgraded connection, ready for frames. */
export interface OpenedConnection {
  connection: Connection;
  response: HandshakeResponse;
  negotiated: Negotiated;
  /** The sessions of the extensions the server accepted (in the order it listed them). */
  extensions: ExtensionSession[];
  /** Bytes that followed the response headers: the first frames. */
  rest: Uint8Array;
}

/** What the driver passes to {@link openHandshake}. */
export interface OpenHandshakeOptions extends ConnectOptions {
  extensionObjects?: Extension[] | undefined;
  trace?: TraceHandler | null;
  /** Where the socket's bytes go (the response here, then the connection). */
  sink: ReadSink;
}

/**
 * Opens the transport, sends the upgrade request, reads and validates the
 * response, following redirects up to `redirectLimit` (default 3; more is
 * a `WebSocketException`, not a half-open socket as in Python).
 */
export async function openHandshake(
  url: string,
  options: OpenHandshakeOptions,
): Promise<OpenedConnection> {
  const {
    header,
    cookie,
    origin,
    suppressOrigin,
    host,
    subprotocols,
    redirectLimit = 3,
    connection: connectionHeader,
    extensionObjects = [],
    trace = null,
    sink,
    ...transportOptions
  } = options;
  const offers = extensionObjects.map((e) => e.offer()).filter((o) => o.length > 0);
  let requestOptions: RequestOptions = {
    header,
    cookie,
    origin,
    suppressOrigin,
    host,
    subprotocols,
    connection: connectionHeader,
    extensions: offers.length > 0 ? offers.join(", ") : undefined,
  };
  let currentUrl = url;
  let transport = { ...transportOptions };
  for (let hop = 0; ; hop++) {
    const connection = await openConnection(currentUrl, transport);
    sink.attach(connection.socket);
    let response: HandshakeResponse;
    let request: ReturnType<typeof buildRequest>;
    try {
      request = buildRequest(connection.target, requestOptions);
      if (trace) traceBlock(trace, "request header", request.text);
      response = await exchange(connection.socket, sink, request.bytes, options);
      if (trace) traceBlock(trace, "response header", responseText(response));
    } catch (err) {
      connection.socket.destroy();
      throw err;
    }
    if (isRedirect(response.status)) {
      connection.socket.destroy();
      const next = nextRedirect(
        response,
        { url: currentUrl, options: requestOptions },
        hop,
        redirectLimit,
      );
      currentUrl = next.url;
      requestOptions = next.options;
      // Python pops `socket` after the first connect: redirects open a fresh one.
      transport = { ...transport, socket: undefined };
      continue;
    }
    try {
      const negotiated = validateResponse(response, request);
      const accepted: ExtensionSession[] = [];
      for (const ext of negotiated.extensions) {
        const impl = extensionObjects.find((e) => e.name === ext.name);
        if (impl === undefined) {
          throw new WebSocketException(
            `Server accepted an extension that was not offered: ${ext.name}`,
          );
        }
        accepted.push(impl.accept(ext.params));
      }
      // RFC 6455 §5.2: RSV bits are for extensions that negotiated them; two
      // sessions claiming RSV1 could not tell whose a frame is.
      const rsv1 = accepted.filter((session) => session.rsv1);
      if (rsv1.length > 1) {
        throw new WebSocketProtocolException(
          `The server accepted two extensions that both use RSV1: ${rsv1.map((e) => e.name).join(", ")}`,
        );
      }
      return { connection, response, negotiated, extensions: accepted, rest: response.rest };
    } catch (err) {
      connection.socket.destroy();
      throw err;
    }
  }
}

/** Writes the request and reads the response head (and a non-101 body). */
function exchange(
  socket: Duplex,
  sink: ReadSink,
  bytes: Uint8Array,
  options: ConnectOptions,
): Promise<HandshakeResponse> {
  const parser = new ResponseParser();
  return waitFor<HandshakeResponse>(
    (resolve, reject) => {
      // The parser copies what it keeps: the chunk may be a reused buffer.
      sink.sink = (chunk) => {
        try {
          const response = parser.feed(chunk);
          if (response !== null) {
            socket.pause();
            sink.sink = ignoreBytes;
            resolve(response);
          }
        } catch (err) {
          reject(err);
        }
      };
      const onEnd = () => {
        try {
          resolve(parser.end());
        } catch (err) {
          reject(err);
        }
      };
      const onError = (err: Error) =>
        reject(
          new WebSocketConnectionClosedException(
            `Connection failed during the opening handshake: ${err.message}`,
            { cause: err },
          ),
        );
      const onClose = () => onEnd();
      socket.on("end", onEnd);
      socket.on("error", onError);
      socket.on("close", onClose);
      socket.write(bytes);
      socket.resume();
      return () => {
        if (sink.sink !== ignoreBytes) sink.sink = ignoreBytes;
        socket.off("end", onEnd);
        socket.off("error", onError);
        socket.off("close", onClose);
      };
    },
    {
      timeout: options.timeout,
      signal: options.signal,
      timeoutMessage: "Timed out waiting for the opening handshake response",
    },
  );
}

function ignoreBytes(): void {}

function responseText(response: HandshakeResponse): string {
  const lines = [`HTTP/1.1 ${response.status} ${response.statusMessage}`];
  for (const [name, value] of response.rawHeaders) lines.push(`${name}: ${value}`);
  return lines.join("\r\n");
}
