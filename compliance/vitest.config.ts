import { workspaceProject } from "../vitest.shared.js";

export default workspaceProject("compliance", { testTimeout: 300_000, hookTimeout: 60_000 });
