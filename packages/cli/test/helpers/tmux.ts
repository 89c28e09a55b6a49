import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";

/**
 * A program running in a real pseudo-terminal, driven through tmux
 * (`send-keys`) and read back from the screen (`capture-pane`). Each
 * session gets its own tmux server socket, killed by `kill()`.
 */
export class TmuxSession {
  private readonly socket = `wsdump-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    command: readonly string[],
    options: { cwd: string; env?: Record<string, string>; width?: number; height?: number },
  ) {
    const envArgs = Object.entries(options.env ?? {}).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    this.tmux(
      "new-session",
      "-d",
      "-s",
      "t",
      "-x",
      String(options.width ?? 120),
      "-y",
      String(options.height ?? 30),
      "-c",
      options.cwd,
      ...envArgs,
      // The shell prints the exit status on the screen and keeps the pane
      // open, so the status can be read back however fast the program exits.
      `${command.map(shellQuote).join(" ")}; echo "[exit $?]"; sleep 600`,
    );
  }

  private tmux(...args: string[]): string {
    return execFileSync("tmux", ["-L", this.socket, "-f", "/dev/null", ...args], {
      encoding: "utf8",
      timeout: 5000,
    });
  }

  /** The visible screen, trailing blank lines removed; with `escapes`, colours kept as SGR codes. */
  screen(escapes = false): string[] {
    const lines = this.tmux("capture-pane", "-p", ...(escapes ? ["-e"] : []), "-t", "t").split(
      "\n",
    );
    while (lines.length > 0 && lines.at(-1)?.trim() === "") lines.pop();
    return lines;
  }

  /** Types `keys` literally (no Enter). */
  type(keys: string): void {
    this.tmux("send-keys", "-t", "t", "-l", keys);
  }

  /** Sends named keys: `Enter`, `Up`, `C-c`, `C-d` … */
  press(...keys: string[]): void {
    this.tmux("send-keys", "-t", "t", ...keys);
  }

  /** Waits until `predicate(screen)` holds; throws with the screen after `timeoutMs`. */
  async waitFor(predicate: (screen: string[]) => boolean, timeoutMs = 10_000): Promise<string[]> {
    // Polls every 50 ms; the bound only guards against a hang.
    for (let waited = 0; ; waited += 50) {
      const s = this.screen();
      if (predicate(s)) return s;
      if (waited > timeoutMs) throw new Error(`screen never matched:\n${s.join("\n")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The exit status once the program ended, else null. */
  exitStatus(): number | null {
    for (const line of this.screen()) {
      const m = /^\[exit (\d+)\]$/.exec(line.trim());
      if (m) return Number(m[1]);
    }
    return null;
  }

  /** Waits for the program to exit; resolves with its status. */
  async waitForExit(timeoutMs = 10_000): Promise<number> {
    for (let waited = 0; ; waited += 50) {
      const s = this.exitStatus();
      if (s !== null) return s;
      if (waited > timeoutMs) throw new Error(`program did not exit:\n${this.screen().join("\n")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(): void {
    try {
      this.tmux("kill-server");
    } catch {
      // already gone
    }
    // tmux leaves its socket file behind.
    const dir = process.env.TMUX_TMPDIR ?? "/tmp";
    const uid = process.getuid?.() ?? 0;
    rmSync(join(dir, `tmux-${uid}`, this.socket), { force: true });
  }
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
