import { workspaceProject } from "../../vitest.shared.js";

export default workspaceProject("api-map", { include: ["src/**/*.test.ts"] });
