import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type EchoServer, startEchoServer } from "@wsclient-tools/echo-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WSDUMP_COMMAND } from "./helpers/run-wsdump.js";
import { TmuxSession } from "./helpers/tmux.js";

// Interactive mode in a real pseudo-terminal (tmux from Debian): the prompt,
// history, slash commands, and messages printed while the user types.
const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
let echo: EchoServer;
let session: TmuxSession | undefined;
beforeAll(async () => {
  echo = await startEchoServer();
});
afterEach(() => {
  session?.kill();
  session = undefined;
});
afterAll(async () => {
  await echo.close();
});

function start(...args: string[]): TmuxSession {
  session = new TmuxSession([...WSDUMP_COMMAND, ...args], { cwd: pkgDir, env: { NO_COLOR: "1" } });
  return session;
}

const last = (screen: string[]): string => screen.at(-1) ?? "";

describe("interactive mode (a terminal on both ends)", () => {
  it("shows a > prompt, sends lines, prints replies as < lines above the prompt", async () => {
    const t = start(echo.url);
    await t.waitFor((s) => s.includes("Press Ctrl+C to quit") && last(s) === ">");
    t.type("hello there");
    t.press("Enter");
    const s = await t.waitFor((s) => s.includes("< hello there"));
    expect(last(s)).toBe(">");
    t.press("C-d");
    expect(await t.waitForExit()).toBe(0);
  });

  it("a message arriving while the user types does not garble the prompt or the typed text", async () => {
    const t = start(`${echo.url}/push?n=2&interval=1500`);
    await t.waitFor((s) => s.includes("< message 1") && last(s) === ">");
    t.type("half-typed");
    await t.waitFor((s) => last(s) === "> half-typed");
    const s = await t.waitFor((s) => s.includes("< message 2"));
    // The pushed line sits above; the prompt and what was typed are intact below it.
    expect(s.filter((l) => l.includes("message 2"))).toEqual(["< message 2"]);
    expect(last(s)).toBe("> half-typed");
    t.type(" now");
    t.press("Enter");
    await t.waitFor((s) => s.includes("< half-typed now"));
    t.press("C-c");
    expect(await t.waitForExit()).toBe(0);
  });

  it("colours received lines unless NO_COLOR or --no-color", async () => {
    const coloured = new TmuxSession([...WSDUMP_COMMAND, echo.url], {
      cwd: pkgDir,
      env: { NO_COLOR: "" },
    });
    session = coloured;
    await coloured.waitFor((s) => last(s) === ">");
    coloured.type("tint");
    coloured.press("Enter");
    await coloured.waitFor((s) => s.includes("< tint"));
    expect(coloured.screen(true).join("\n")).toContain("\x1b[34m< tint");
    coloured.kill();
    const plain = new TmuxSession([...WSDUMP_COMMAND, echo.url, "--no-color"], {
      cwd: pkgDir,
      env: { NO_COLOR: "" },
    });
    session = plain;
    await plain.waitFor((s) => last(s) === ">");
    plain.type("tint");
    plain.press("Enter");
    await plain.waitFor((s) => s.includes("< tint"));
    expect(plain.screen(true).join("\n")).not.toContain("\x1b[34m");
  });

  it("keeps a history: Up brings back the previous line", async () => {
    const t = start(echo.url);
    await t.waitFor((s) => last(s) === ">");
    t.type("first line");
    t.press("Enter");
    await t.waitFor((s) => s.includes("< first line"));
    t.press("Up");
    await t.waitFor((s) => last(s) === "> first line");
    t.press("Enter");
    await t.waitFor((s) => s.filter((l) => l === "< first line").length === 2);
    t.press("C-d");
    expect(await t.waitForExit()).toBe(0);
  });

  it("slash commands: /ping, /binary, /help, /close with a code", async () => {
    const t = start(echo.url, "-v");
    await t.waitFor((s) => last(s) === ">");
    t.type("/ping are you there");
    t.press("Enter");
    await t.waitFor((s) => s.some((l) => l === "< pong: b'are you there'"));
    t.type("/binary 00ff41");
    t.press("Enter");
    await t.waitFor((s) => s.some((l) => l === "< binary: b'\\x00\\xffA'"));
    t.type("/help");
    t.press("Enter");
    await t.waitFor((s) => s.some((l) => l.startsWith("/close [code [reason]]")));
    t.type("/close 4000 done here");
    t.press("Enter");
    const status = await t.waitForExit();
    expect(t.screen().join("\n")).toContain("> frame close fin=1 rsv=000 len=11");
    expect(status).toBe(0);
  });

  it("a server close ends the session with its status", async () => {
    const t = start(`${echo.url}/push?n=1&interval=800&close=4002&reason=later`);
    await t.waitFor((s) => s.includes("< message 1"));
    expect(await t.waitForExit()).toBe(7);
    expect(t.screen().join("\n")).toContain("server closed the connection: 4002 later");
  });
});
