import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump } from "./helpers/run-wsdump.js";

// wsdump against servers that are not Node: python3-websockets and
// websocketd (Go), both from Debian (scripts/peers.txt).
const children: ChildProcess[] = [];
let pyUrl: string;
let websocketdUrl: string;

/** Spawns a server and resolves once `ready(output)` returns a port (10 s max). */
function startServer(
  cmd: string,
  args: string[],
  ready: (out: string) => number | null,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    const t = setTimeout(() => reject(new Error(`${cmd} did not start: ${out}`)), 10_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const port = ready(out);
      if (port !== null) {
        clearTimeout(t);
        resolve(port);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", () => reject(new Error(`${cmd} exited: ${out}`)));
  });
}

beforeAll(async () => {
  const script = new URL("./servers/py_echo_server.py", import.meta.url).pathname;
  const pyPort = await startServer("/usr/bin/python3", [script], (out) => {
    const m = /LISTENING (\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  });
  pyUrl = `ws://127.0.0.1:${pyPort}`;
  const port = await freePort();
  await startServer("websocketd", [`--port=${port}`, "--address=127.0.0.1", "cat"], (out) =>
    /Serving using|listening|Starting/i.test(out) ? port : null,
  );
  websocketdUrl = `ws://127.0.0.1:${port}/`;
});
afterAll(() => {
  for (const c of children) c.kill("SIGTERM");
});

describe("interop with independent servers", () => {
  it("python3-websockets: echo in pipe mode, clean close", async () => {
    // websockets drops the echoes it has not sent once it reads our close, and
    // the line and the close may reach it in one segment: --eof-wait gives the
    // echo time to come back before end of input closes (as in Python's wsdump).
    const r = await runWsdump([`${pyUrl}/`, "--eof-wait", "0.5"], { input: "hello python\n" });
    expect(r.stdout).toBe("hello python\n");
    expect(r.code).toBe(EXIT.OK);
  });

  it("python3-websockets: a fragmented message arrives whole", async () => {
    // --no-compress: websockets compresses by default, and -v would then show the inflated message.
    const r = await runWsdump([`${pyUrl}/fragments`, "-v", "--count", "1", "--no-compress"], {
      keepStdinOpen: true,
    });
    expect(r.stdout.split("\n")[0]).toBe("text: fragmented");
    // -v shows each frame as the server sent it; the message is printed whole.
    expect(r.stderr).toContain("< frame text fin=0 rsv=000 len=4");
    expect(r.stderr).toContain("< frame cont fin=0 rsv=000 len=4");
    expect(r.stderr).toContain("< frame cont fin=0 rsv=000 len=2");
    // websockets ends a message sent from an iterator with an empty final frame.
    expect(r.stderr).toContain("< frame cont fin=1 rsv=000 len=0");
    expect(r.code).toBe(EXIT.OK);
  });

  it("websocketd (Go) running cat: lines in, lines out", async () => {
    const r = await runWsdump([websocketdUrl, "--eof-wait", "0.5"], { input: "one\ntwo\n" });
    expect(r.stdout).toBe("one\ntwo\n");
    expect(r.code).toBe(EXIT.OK);
  });
});
