/**
 * The WebSocket opening handshake, sans-I/O: build the upgrade request, parse and validate the response, decide redirects.
 *
 * @packageDocumentation
 */
export {};
