import { workspaceProject } from "../../vitest.shared.js";

export default workspaceProject("test-utils", { testTimeout: 20_000, hookTimeout: 30_000 });
