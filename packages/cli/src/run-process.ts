import { main } from "./main.js";

/**
 * Runs wsdump as the process: `main(argv)` with SIGINT/SIGTERM wired to an
 * abort (a third signal exits at once with 130), then exits with its status.
 * The `wsdump` bin (this package's only) is this call.
 */
export async function runProcess(argv: string[] = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts += 1;
    if (interrupts > 2) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const code = await main(argv, {}, controller.signal);
  process.exitCode = code;
  // stdin may still hold the event loop open (pipe mode, server closed first).
  setTimeout(() => process.exit(code), 200).unref();
  process.stdin.pause();
  process.stdin.unref?.();
}
