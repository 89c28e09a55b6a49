import { basicAuth, parseTarget } from "@wsclient/transport";
import { Command, InvalidArgumentError, Option } from "commander";
import pkg from "../package.json" with { type: "json" };
import { checkHeaderLine, splitHeadersOption } from "./headers.js";
import type { InputMode } from "./input.js";
import { proxyFromUrl } from "./proxy-url.js";
import type { BinaryFormat } from "./render.js";
import { extractVerbosity } from "./verbosity.js";

/** Everything the command line says, parsed and checked. Times in seconds, as typed. */
export interface WsdumpOptions {
  url: string;
  /** `--proxy URL`; `false` with `--no-proxy` (ignore the environment too). */
  proxy: string | false | undefined;
  verbose: number;
  /** `-n`/`--nocert` or `-k`/`--insecure`: do not verify the server's certificate. */
  nocert: boolean;
  /** `--ca FILE`: trusted CA certificates (PEM), instead of the system store. */
  ca: string | undefined;
  /** `--cert FILE`: client certificate (PEM). */
  cert: string | undefined;
  /** `--key FILE`: the client certificate's key (PEM). */
  key: string | undefined;
  /** `--passphrase TEXT`: the key's passphrase. */
  passphrase: string | undefined;
  /** `-P`/`--show-ping-pong`: print pings and pongs without `-v`. */
  showPingPong: boolean;
  raw: boolean;
  subprotocols: string[];
  origin: string | undefined;
  eofWait: number;
  text: string | undefined;
  timings: boolean;
  /** `--headers` split on commas, then every `-H`, in order. */
  headers: string[];
  inputMode: InputMode;
  binaryFormat: BinaryFormat;
  pingInterval: number | undefined;
  pingTimeout: number | undefined;
  pingPayload: string | undefined;
  maxSize: number | undefined;
  compress: boolean;
  reconnect: boolean;
  reconnectMaxDelay: number;
  count: number | undefined;
  timeout: number | undefined;
  closeTimeout: number;
  color: boolean;
  /** `--slash`: slash commands also in pipe mode. */
  slash: boolean;
}

function seconds(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0) {
      throw new InvalidArgumentError(`${name} must be a number of seconds ≥ 0`);
    }
    return n;
  };
}

function positiveInt(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n <= 0) {
      throw new InvalidArgumentError(`${name} must be a whole number > 0`);
    }
    return n;
  };
}

function nonNegativeInt(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) {
      throw new InvalidArgumentError(`${name} must be a whole number ≥ 0`);
    }
    return n;
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The commander program (also used for `--help`). */
export function buildProgram(): Command {
  return new Command("wsdump")
    .description(
      "WebSocket Simple Dump Tool: talk to a WebSocket server from the terminal or a pipe.",
    )
    .argument(
      "[ws_url]",
      "websocket url, e.g. ws://echo.websocket.events (ws://, wss://, ws+unix:///path.sock:/resource)",
    )
    .option(
      "-p, --proxy <url>",
      "proxy: http://[user:pass@]host:port, https://…, socks4://, socks4a://, socks5://, socks5h://",
    )
    .option("--no-proxy", "ignore http_proxy/https_proxy/all_proxy from the environment")
    .addOption(
      new Option(
        "-v, --verbose [level]",
        "-v: handshake, opcodes and frames; -vv (or -v 2): also hex and traces",
      ),
    )
    .option("-n, --nocert", "do not verify the server's TLS certificate")
    .option("-k, --insecure", "the same as --nocert (curl's and wscat's name)")
    .option("--ca <file>", "trust the CA certificates in this PEM file (instead of the system's)")
    .option("--cert <file>", "client certificate (PEM) for TLS client authentication")
    .option("--key <file>", "private key (PEM) of --cert, when not in the same file")
    .option("--passphrase <text>", "passphrase of the --key (or --cert) private key")
    .option("--auth <user:pass>", "HTTP Basic authentication for the handshake")
    .option("-P, --show-ping-pong", "print pings and pongs (shown with -v anyway)")
    .option("-r, --raw", "raw output: one received message per line, no prompt or colours")
    .option("-s, --subprotocols [protocols...]", "subprotocols to offer")
    .option("-o, --origin <origin>", "Origin header value")
    .option(
      "--eof-wait <seconds>",
      "at end of input, wait this long for replies before closing",
      seconds("--eof-wait"),
      0,
    )
    .option("-t, --text <text>", "send this text message once connected")
    .option("--timings", "prefix each message with the seconds since start")
    .option("--headers <headers>", 'extra headers, comma separated: "A: 1, B: 2"')
    .option("-H, --header <header>", 'an extra header "Name: value" (repeatable)', collect, [])
    .option("-b, --binary", "send input lines as binary messages")
    .option("--hex", "input lines are hex (sent as binary); received binary is shown as hex")
    .option(
      "--base64",
      "input lines are base64 (sent as binary); received binary is shown as base64",
    )
    .option("--ping-interval <seconds>", "send a ping this often", seconds("--ping-interval"))
    .option(
      "--ping-timeout <seconds>",
      "fail when no pong arrives this long after a ping",
      seconds("--ping-timeout"),
    )
    .option("--ping-payload <text>", "payload of keepalive pings")
    .option(
      "--max-size <bytes>",
      "largest message accepted (default 100 MiB; 0: no limit)",
      nonNegativeInt("--max-size"),
    )
    .option("--compress", "offer permessage-deflate (RFC 7692; the default)")
    .option("--no-compress", "do not offer permessage-deflate")
    .option(
      "--reconnect",
      "reconnect with exponential backoff and jitter after a dropped connection",
    )
    .option(
      "--reconnect-max-delay <seconds>",
      "longest wait between reconnect attempts",
      seconds("--reconnect-max-delay"),
      30,
    )
    .option("--count <n>", "exit after receiving n messages", positiveInt("--count"))
    .option(
      "--timeout <seconds>",
      "connect timeout, and the longest wait for any message",
      seconds("--timeout"),
    )
    .option(
      "--close-timeout <seconds>",
      "how long to wait for the server's close reply",
      seconds("--close-timeout"),
      3,
    )
    .option("--slash", "accept /ping, /pong, /close, /binary in pipe mode too")
    .option("--no-color", "no colours (also when NO_COLOR is set)")
    .addHelpText(
      "after",
      `
Interactive mode (stdin and stdout are terminals, no -r): a "> " prompt with
history; type /help for /ping, /pong, /close, /binary. Pipe mode: one message
per input line; at end of input wsdump waits --eof-wait seconds, sends a close
and waits for the server's close, printing what arrives meanwhile.

Exit status: 0 normal close, 1 other failure, 2 usage, 3 connection failed,
4 handshake rejected, 5 protocol error, 6 timeout, 7 abnormal close by the server.`,
    )
    .version(pkg.version, "-V, --version", "print wsdump's version")
    .showHelpAfterError(false)
    .allowExcessArguments(false);
}

/**
 * Parses wsdump's arguments (without `node` and the script path).
 *
 * @throws commander's `CommanderError` for bad usage (after printing it through `program`'s output).
 */
export function parseOptions(
  args: readonly string[],
  program: Command,
  env: NodeJS.ProcessEnv,
): WsdumpOptions {
  const { level, rest } = extractVerbosity(args);
  program.parse(rest, { from: "user" });
  const o = program.opts<Record<string, unknown>>();
  let url = program.args[0] as string;
  let subprotocols = Array.isArray(o.subprotocols) ? (o.subprotocols as string[]) : [];
  // `wsdump -s chat ws://h`: the variadic list swallowed the URL.
  if (url === undefined && subprotocols.length > 0 && subprotocols.at(-1)!.includes("://")) {
    url = subprotocols.at(-1)!;
    subprotocols = subprotocols.slice(0, -1);
  }
  if (url === undefined)
    program.error("error: missing required argument 'ws_url'", { exitCode: 2 });
  // A malformed URL or --proxy is a usage error (2), found before connecting.
  try {
    parseTarget(url);
  } catch (e) {
    program.error(`error: ${(e as Error).message}`, { exitCode: 2 });
  }
  if (typeof o.proxy === "string") {
    try {
      proxyFromUrl(o.proxy);
    } catch (e) {
      program.error(`error: ${(e as Error).message}`, { exitCode: 2 });
    }
  }
  const headers = [
    ...(typeof o.headers === "string" ? splitHeadersOption(o.headers) : []),
    ...((o.header as string[]) ?? []),
  ].map((h) => {
    try {
      return checkHeaderLine(h);
    } catch (e) {
      return program.error(`error: ${(e as Error).message}`, { exitCode: 2 });
    }
  });
  if (typeof o.auth === "string") {
    const colon = o.auth.indexOf(":");
    if (colon < 0)
      program.error('error: --auth must be "user:password" (with a colon)', { exitCode: 2 });
    if (headers.some((h) => /^authorization\s*:/i.test(h)))
      program.error("error: --auth and an Authorization header (-H) cannot be combined", {
        exitCode: 2,
      });
    headers.push(`Authorization: ${basicAuth(o.auth.slice(0, colon), o.auth.slice(colon + 1))}`);
  }
  const formats = [o.hex && "hex", o.base64 && "base64"].filter(Boolean);
  if (formats.length > 1)
    program.error("error: --hex and --base64 cannot be combined", { exitCode: 2 });
  const inputMode: InputMode = o.hex ? "hex" : o.base64 ? "base64" : o.binary ? "binary" : "text";
  return {
    url,
    proxy: o.proxy as string | false | undefined,
    verbose: level,
    nocert: o.nocert === true || o.insecure === true,
    ca: o.ca as string | undefined,
    cert: o.cert as string | undefined,
    key: o.key as string | undefined,
    passphrase: o.passphrase as string | undefined,
    showPingPong: o.showPingPong === true,
    raw: o.raw === true,
    subprotocols,
    origin: o.origin as string | undefined,
    eofWait: o.eofWait as number,
    text: o.text as string | undefined,
    timings: o.timings === true,
    headers,
    inputMode,
    binaryFormat: o.hex ? "hex" : o.base64 ? "base64" : "repr",
    pingInterval: o.pingInterval as number | undefined,
    pingTimeout: o.pingTimeout as number | undefined,
    pingPayload: o.pingPayload as string | undefined,
    maxSize: o.maxSize as number | undefined,
    compress: o.compress !== false,
    reconnect: o.reconnect === true,
    reconnectMaxDelay: o.reconnectMaxDelay as number,
    count: o.count as number | undefined,
    timeout: o.timeout as number | undefined,
    closeTimeout: o.closeTimeout as number,
    color: o.color !== false && (env.NO_COLOR === undefined || env.NO_COLOR === ""),
    slash: o.slash === true,
  };
}
