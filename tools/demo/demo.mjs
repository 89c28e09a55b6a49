#!/usr/bin/env node
// The README's first command ends here (`pnpm run demo`, after `turbo run build`):
// start the local echo server on a free loopback port, run the built `wsdump`
// against it in pipe mode with `-t "hello world"`, print what it printed, and
// shut everything down. Bounded: gives up after 20 s. Exits with wsdump's status.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { startEchoServer } = await import(join(root, "tools/echo-server/dist/index.js"));
const wsdump = join(root, "packages/cli/dist/cli.js");

const server = await startEchoServer({ host: "127.0.0.1", port: 0 });
console.log(`echo server listening on ${server.url}`);
console.log(`$ wsdump ${server.url} -t "hello world"`);

const child = spawn(process.execPath, [wsdump, server.url, "-t", "hello world"], {
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, NO_COLOR: "1" },
});
let output = "";
child.stdout.on("data", (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});
const timer = setTimeout(() => {
  console.error("demo: wsdump did not finish within 20 s");
  child.kill("SIGKILL");
}, 20_000);
const code = await new Promise((resolve) => child.once("close", (c) => resolve(c ?? 1)));
clearTimeout(timer);
await server.close();

if (code !== 0 || output.trim() !== "hello world") {
  console.error(`demo: FAILED (wsdump exit status ${code}, printed ${JSON.stringify(output)})`);
  process.exit(code === 0 ? 1 : code);
}
console.log(`wsdump exited with status ${code}: the echo came back.`);
