// The `wsdump` executable (tsup adds the `#!/usr/bin/env node` line).
import { main } from "./main.js";

const controller = new AbortController();
let interrupts = 0;
const onSignal = (): void => {
  interrupts += 1;
  if (interrupts > 2) process.exit(130);
  controller.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

const code = await main(process.argv.slice(2), {}, controller.signal);
process.exitCode = code;
// stdin may still hold the event loop open (pipe mode, server closed first).
setTimeout(() => process.exit(code), 200).unref();
process.stdin.pause();
process.stdin.unref?.();
