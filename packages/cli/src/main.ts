import { CommanderError } from "commander";
import pc from "picocolors";
import { EXIT, type ExitCode } from "./exit-codes.js";
import { buildProgram, parseOptions, type WsdumpOptions } from "./options.js";
import { Session } from "./session.js";
import { interactiveTerminal, pipeTerminal, type WsdumpIO } from "./terminal.js";

/**
 * Runs wsdump with `args` (without `node` and the script, e.g.
 * `["ws://127.0.0.1:8080", "-r"]`) and resolves with the exit status; never
 * throws and never calls `process.exit`. Interactive mode is used when
 * stdin and stdout are terminals and `-r` is not given.
 *
 * @param io streams and environment; `process`'s by default.
 * @param signal aborting it closes the connection (what Ctrl+C does).
 */
export async function main(
  args: readonly string[],
  io: Partial<WsdumpIO> = {},
  signal?: AbortSignal,
): Promise<ExitCode> {
  const full: WsdumpIO = {
    stdin: io.stdin ?? process.stdin,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
  };
  const program = buildProgram()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => full.stdout.write(s),
      writeErr: (s) => full.stderr.write(s),
    });
  let options: WsdumpOptions;
  try {
    options = parseOptions(args, program, full.env);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    full.stderr.write(`wsdump: error: ${(error as Error).message}\n`);
    return EXIT.USAGE;
  }
  const interactive = !options.raw && full.stdin.isTTY === true && full.stdout.isTTY === true;
  const colors = pc.createColors(options.color && !options.raw && full.stdout.isTTY === true);
  const term = interactive ? interactiveTerminal(full, colors) : pipeTerminal(full, colors);
  try {
    return await new Session(options, term, full.env).run(signal);
  } catch (error) {
    // A bug of ours: still one line, the stack only with -vv.
    full.stderr.write(`wsdump: error: ${(error as Error)?.message ?? String(error)}\n`);
    if (options.verbose >= 2) full.stderr.write(`${(error as Error)?.stack}\n`);
    return EXIT.FAILURE;
  } finally {
    term.close();
  }
}
