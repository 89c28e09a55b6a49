import { workspaceProject } from "../vitest.shared.js";

// All 517 cases: 12.x/13.x (permessage-deflate, 216 × 1000 compressed echoes
// of up to 128 KiB) take tens of minutes on a shared 2-core machine.
export default workspaceProject("compliance", { testTimeout: 3_600_000, hookTimeout: 60_000 });
