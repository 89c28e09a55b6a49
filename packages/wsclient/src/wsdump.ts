// The `wsdump` executable shipped by the facade (tsup adds the shebang).
import { main } from "@wsclient/cli";

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
setTimeout(() => process.exit(code), 200).unref();
process.stdin.pause();
