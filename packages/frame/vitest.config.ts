import { defineProject } from "vitest/config";

export default defineProject({
  // Vitest runs tests in Vite's SSR environment, whose conditions come from
  // `ssr.resolve`: set both so workspace deps resolve to their src.
  resolve: { conditions: ["@wsclient/source"] },
  ssr: { resolve: { conditions: ["@wsclient/source"], externalConditions: ["@wsclient/source"] } },
  test: { name: "frame", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
