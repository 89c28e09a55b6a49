import { workspaceProject } from "../../vitest.shared.js";

export default workspaceProject("fuzzingserver", { testTimeout: 240_000, hookTimeout: 60_000 });
