#!/usr/bin/env node
// wsclient-echo-server [--host H] [--port P] [--no-auto-pong]
// Prints "listening ws://H:P" once ready; stops on SIGINT/SIGTERM.
import { startEchoServer } from "./echo-server.js";

const args = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const server = await startEchoServer({
  host: value("--host") ?? "127.0.0.1",
  port: Number(value("--port") ?? 0),
  autoPong: !args.includes("--no-auto-pong"),
});
process.stdout.write(`listening ${server.url}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
