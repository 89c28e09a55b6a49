import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@wsclient/source"] },
  test: { name: "app", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
