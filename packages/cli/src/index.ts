/**
 * wsdump: the interactive WebSocket client command line, as a library.
 * `main(args)` runs it in-process and resolves with the exit status.
 *
 * @packageDocumentation
 */
export { EXIT, type ExitCode, exitCodeFor, exitCodeForClose } from "./exit-codes.js";
export { redactHeaderLine, redactUrl, splitHeadersOption } from "./headers.js";
export { decodeBase64, decodeHex, encodeLine, type InputMode } from "./input.js";
export { main } from "./main.js";
export { buildProgram, parseOptions, type WsdumpOptions } from "./options.js";
export { envWithoutProxy, type ProxyConnectOptions, proxyFromUrl } from "./proxy-url.js";
export { hexDump, pyRepr } from "./py-repr.js";
export { RECONNECT_MIN_DELAY, reconnectPolicy } from "./reconnect.js";
export { type BinaryFormat, detectCompressed, renderBinary, renderMessage } from "./render.js";
export { runProcess } from "./run-process.js";
export { parseSlashCommand, type SlashCommand } from "./slash-command.js";
export type { WsdumpIO } from "./terminal.js";
export { extractVerbosity } from "./verbosity.js";
