import { once } from "node:events";
import { createInterface, type Interface } from "node:readline";
import type { Colors } from "picocolors/types";

/** Where wsdump reads and writes; `process`'s streams by default. */
export interface WsdumpIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: unknown };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/**
 * The two faces of wsdump's console. Interactive: a readline prompt `> `
 * with history, and every line printed above the prompt without mangling
 * what is being typed. Pipe: messages to stdout one per line, everything
 * else to stderr.
 */
export interface Terminal {
  readonly interactive: boolean;
  /** Prints a received message; resolves once stdout can take more (flow control). */
  message(text: string): Promise<void>;
  /** Prints a protocol line (`-v`), to stderr in pipe mode. */
  info(text: string): void;
  /** Prints an error line. */
  error(text: string): void;
  /** The input lines; ends at end of input (Ctrl+D in interactive mode). */
  lines(): AsyncIterableIterator<string>;
  /** Called on Ctrl+C in interactive mode. */
  onInterrupt(handler: () => void): void;
  /**
   * Called once when stdout is gone (`wsdump … | head -1`: the reader
   * exited, writes fail with EPIPE). Later messages are dropped.
   */
  onOutputClosed(handler: () => void): void;
  close(): void;
}

/**
 * Watches `stdout` for the reader going away. Returns whether it has, and a
 * promise that resolves when it does (a pending `drain` wait races it).
 */
function watchOutput(io: WsdumpIO): {
  closed: () => boolean;
  whenClosed: Promise<void>;
  onClosed: (handler: () => void) => void;
} {
  let closed = false;
  let handler: () => void = () => {};
  let resolve: () => void = () => {};
  const whenClosed = new Promise<void>((r) => {
    resolve = r;
  });
  // EPIPE (and any other write error) ends the output; an 'error' without a
  // listener would crash the process with a stack trace and status 1.
  io.stdout.on("error", () => {
    if (closed) return;
    closed = true;
    resolve();
    handler();
  });
  io.stderr.on("error", () => {});
  return {
    closed: () => closed,
    whenClosed,
    onClosed: (h) => {
      handler = h;
    },
  };
}

/** The pipe-mode terminal: no prompt, no cursor tricks. */
export function pipeTerminal(io: WsdumpIO, colors: Colors): Terminal {
  const rl = createInterface({
    input: io.stdin,
    crlfDelay: Number.POSITIVE_INFINITY,
    terminal: false,
  });
  // Iterate from the start: lines read before the first `next()` are kept.
  const lines = rl[Symbol.asyncIterator]();
  const output = watchOutput(io);
  return {
    interactive: false,
    async message(text) {
      if (output.closed()) return;
      if (!io.stdout.write(`${text}\n`)) {
        await Promise.race([once(io.stdout, "drain"), output.whenClosed]);
      }
    },
    info(text) {
      io.stderr.write(`${colors.dim(text)}\n`);
    },
    error(text) {
      io.stderr.write(`${colors.red(text)}\n`);
    },
    lines: () => lines,
    onInterrupt() {},
    onOutputClosed: output.onClosed,
    close: () => rl.close(),
  };
}

/** The interactive terminal: readline prompt with history. */
export function interactiveTerminal(io: WsdumpIO, colors: Colors): Terminal {
  const rl: Interface = createInterface({
    input: io.stdin,
    output: io.stdout,
    terminal: true,
    prompt: "> ",
    historySize: 1000,
    removeHistoryDuplicates: true,
  });
  // Print above the prompt: clear the line, write, then redraw the prompt
  // with whatever the user had typed so far.
  const above = (text: string): void => {
    io.stdout.write(`\r\x1b[2K${text}\n`);
    rl.prompt(true);
  };
  const it = rl[Symbol.asyncIterator]();
  const output = watchOutput(io);
  let interrupt: () => void = () => rl.close();
  rl.on("SIGINT", () => interrupt());
  return {
    interactive: true,
    async message(text) {
      above(colors.blue(`< ${text}`));
    },
    info(text) {
      above(colors.dim(text));
    },
    error(text) {
      above(colors.red(text));
    },
    lines() {
      rl.prompt();
      return {
        next: async () => {
          const r = await it.next();
          if (!r.done) rl.prompt();
          return r;
        },
        return: async () => {
          rl.close();
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
    onInterrupt(handler) {
      interrupt = handler;
    },
    onOutputClosed: output.onClosed,
    close() {
      rl.close();
      io.stdout.write("\n");
    },
  };
}
