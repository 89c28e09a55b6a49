import { WebSocketException } from "@wsclient/errors";
import { decodeHex } from "./input.js";

/** A slash command typed in interactive mode. */
export type SlashCommand =
  | { kind: "ping"; data: string }
  | { kind: "pong"; data: string }
  | { kind: "close"; code: number; reason: string }
  | { kind: "binary"; data: Uint8Array }
  | { kind: "send"; text: string }
  | { kind: "help" }
  | { kind: "quit" };

/** The help text for the slash commands. */
export const SLASH_HELP = [
  "/ping [data]              send a ping",
  "/pong [data]              send an unsolicited pong",
  "/close [code [reason]]    close the connection (default 1000)",
  "/binary <hex>             send a binary message, e.g. /binary 00ff10",
  "/quit                     close with 1000 and exit",
  "/help                     this list",
  "//text                    send a text line that starts with /",
];

/**
 * Parses an interactive input line. Lines not starting with `/` are text
 * to send; `//x` sends the text `/x`.
 *
 * @throws WebSocketException for an unknown command or bad arguments.
 */
export function parseSlashCommand(line: string): SlashCommand {
  if (!line.startsWith("/")) return { kind: "send", text: line };
  if (line.startsWith("//")) return { kind: "send", text: line.slice(1) };
  const match = /^\/(\S+)\s?(.*)$/s.exec(line);
  const name = match?.[1]?.toLowerCase() ?? "";
  const rest = match?.[2] ?? "";
  switch (name) {
    case "ping":
      return { kind: "ping", data: rest };
    case "pong":
      return { kind: "pong", data: rest };
    case "binary":
      if (rest.trim() === "") throw new WebSocketException("usage: /binary <hex>");
      return { kind: "binary", data: decodeHex(rest) };
    case "close": {
      const m = /^\s*(\d+)?\s*(.*)$/s.exec(rest);
      const code = m?.[1] === undefined ? 1000 : Number(m[1]);
      // RFC 6455 7.4: 1004-1006 and 1015 "MUST NOT be set as a status code in a
      // Close control frame by an endpoint"; 1016-2999 are reserved.
      const sendable =
        (code >= 1000 && code <= 1003) ||
        (code >= 1007 && code <= 1014) ||
        (code >= 3000 && code <= 4999);
      if (!sendable) {
        throw new WebSocketException(
          `close code ${code} cannot be sent: use 1000-1003, 1007-1014 or 3000-4999`,
        );
      }
      return { kind: "close", code, reason: m?.[2] ?? "" };
    }
    case "quit":
    case "exit":
      return { kind: "quit" };
    case "help":
    case "?":
      return { kind: "help" };
    default:
      throw new WebSocketException(`unknown command /${name} (try /help)`);
  }
}
