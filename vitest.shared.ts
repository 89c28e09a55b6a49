import { defineProject, type UserWorkspaceConfig } from "vitest/config";

const SOURCE = "@wsclient/source";

/**
 * The vitest project of one workspace package. Vitest runs tests in Vite's SSR
 * environment, whose conditions come from `ssr.resolve`, so both are set:
 * workspace dependencies resolve to their `src/` and tests need no build.
 */
export function workspaceProject(
  name: string,
  test: NonNullable<UserWorkspaceConfig["test"]> = {},
): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions: [SOURCE] },
    ssr: { resolve: { conditions: [SOURCE], externalConditions: [SOURCE] } },
    // Timeouts only catch hangs (tests wait for events, never for durations),
    // so they are generous: a loaded machine makes a test slower, not red.
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      ...test,
    },
  });
}
