import { workspaceProject } from "../../vitest.shared.js";

export default workspaceProject("cli", { testTimeout: 30_000, hookTimeout: 30_000 });
