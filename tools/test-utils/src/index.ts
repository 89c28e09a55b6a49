export { makeCerts, type TestCerts } from "./certs.js";
export { freePort } from "./free-port.js";
export { onHead } from "./http-head.js";
export { type Listening, listenLoopback } from "./listen.js";
export {
  type Peer,
  startDante,
  startMicrosocks,
  startPeer,
  startSquid,
  startTinyproxy,
} from "./peers.js";
export { type RawServer, type RawServerOptions, startRawServer } from "./raw-server.js";
export { rejection } from "./rejection.js";
export { rawHandshake, startUpgradedServer, switchingProtocols } from "./upgrade.js";
export { sleep, until, within } from "./wait.js";
export { waitForPort } from "./wait-listening.js";
