import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@wsclient/source"] },
  test: {
    name: "fuzzingserver",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
