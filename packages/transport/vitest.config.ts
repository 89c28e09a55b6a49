import { workspaceProject } from "../../vitest.shared.js";

export default workspaceProject("transport", { testTimeout: 20_000, hookTimeout: 30_000 });
