/**
 * A small local WebSocket server (built on `ws`) for wsclient's tests, the
 * demo and the benchmarks.
 *
 * @packageDocumentation
 */
export { type EchoServer, type EchoServerOptions, startEchoServer } from "./echo-server.js";
export { type Mode, modeOf } from "./modes.js";
