/**
 * Python's websocket-client (the API wsclient follows) as one more side,
 * when `python3 -c "import websocket"` works here (Debian: python3-websocket);
 * otherwise the column is left out. The side itself is python-side.py.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runPinned } from "../processes.js";
import type { ClientRow } from "./rows.js";

/** A side line, as side-main.ts prints them. */
export interface PythonLine {
  side: string;
  row?: string;
  value?: number;
  bad?: number;
}

/** The Python side: its version and how to run it. */
export interface PythonSide {
  version: string;
  run(port: number, ms: number, rows: ClientRow[], timeoutMs: number): Promise<PythonLine[]>;
}

/**
 * Interpreters tried in order: the one on PATH, then the system one (where
 * Debian's python3-websocket lives when PATH has a pyenv or venv python).
 */
const PYTHONS = ["python3", "/usr/bin/python3"];

/** The Python side, or null when no python3 here can import websocket. */
export function pythonSide(): PythonSide | null {
  for (const python of PYTHONS) {
    const probe = spawnSync(
      python,
      ["-c", "import sys, websocket; print(websocket.__version__, sys.version.split()[0])"],
      { encoding: "utf8", timeout: 15000 },
    );
    if (probe.status === 0) return side(python, probe.stdout);
  }
  return null;
}

function side(python: string, probeOutput: string): PythonSide {
  const [lib = "?", version = "?"] = probeOutput.trim().split(" ");
  const script = fileURLToPath(new URL("./python-side.py", import.meta.url));
  return {
    version: `websocket-client ${lib} on Python ${version} (${python})`,
    run: (port, ms, rows, timeoutMs) =>
      runPinned<PythonLine>(
        python,
        [script, String(port), String(ms), JSON.stringify(rows)],
        {},
        timeoutMs,
      ),
  };
}
