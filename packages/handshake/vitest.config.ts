import { defineProject } from "vitest/config";

// Vitest runs tests in Vite's SSR environment, whose conditions come from
// `ssr.resolve`, not `resolve`: set both so workspace deps resolve to src.
export default defineProject({
  resolve: { conditions: ["@wsclient/source"] },
  ssr: { resolve: { conditions: ["@wsclient/source"], externalConditions: ["@wsclient/source"] } },
  test: { name: "handshake", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
