import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@wsclient/source"] },
  test: { name: "echo-server", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
