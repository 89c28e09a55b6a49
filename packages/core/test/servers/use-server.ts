import { afterAll, beforeAll } from "vitest";
import { type RunningServer, type ServerKind, startServer } from "./start-server.js";

/**
 * A `kind` server for the tests of the enclosing `describe` block: started
 * before them (within `startTimeoutMs`), stopped after them. Call it at the
 * top of the block; the returned server can be used inside its tests.
 */
export function useServer(kind: ServerKind, startTimeoutMs = 20_000): RunningServer {
  let running: RunningServer | null = null;
  beforeAll(async () => {
    running = await startServer(kind);
  }, startTimeoutMs);
  afterAll(async () => {
    await running?.stop();
  });
  const started = (): RunningServer => {
    if (running === null) throw new Error(`the ${kind} server is used outside its tests`);
    return running;
  };
  return {
    kind,
    get url() {
      return started().url;
    },
    get port() {
      return started().port;
    },
    closeOf: (id, timeoutMs) => started().closeOf(id, timeoutMs),
    stop: () => started().stop(),
  };
}
