import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@wsclient/source"] },
  test: {
    name: "compliance",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
