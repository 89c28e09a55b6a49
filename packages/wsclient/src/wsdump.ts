import type { ExitCode, WsdumpIO } from "@wsclient/cli";

/**
 * Python: `websocket._wsdump.main`. Runs wsdump in-process with `args`
 * (e.g. `["ws://127.0.0.1:8080", "-r"]`) and resolves with the exit status,
 * as `@wsclient/cli`'s `main` does.
 *
 * `@wsclient/cli` (and its command-line parser) is loaded on the first call
 * only, so importing the facade costs no more than the client itself. The
 * `wsdump` command is installed by `@wsclient/cli`
 * (`npm install -g @wsclient/cli`).
 *
 * @param io streams and environment; `process`'s by default.
 * @param signal aborting it closes the connection (what Ctrl+C does).
 */
export async function wsdump(
  args: readonly string[],
  io: Partial<WsdumpIO> = {},
  signal?: AbortSignal,
): Promise<ExitCode> {
  const { main } = await import("@wsclient/cli");
  return main(args, io, signal);
}
