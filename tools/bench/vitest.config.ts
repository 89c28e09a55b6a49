import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@wsclient/source"] },
  ssr: { resolve: { conditions: ["@wsclient/source"], externalConditions: ["@wsclient/source"] } },
  test: { name: "bench", include: ["src/**/*.test.ts"] },
});
