import { workspaceProject } from "../vitest.shared.js";

// All 517 cases: 12.x/13.x (permessage-deflate, 216 × 1000 compressed echoes
// of up to 128 KiB, three cases at a time) take ~8 minutes on a quiet 2-core
// machine and much longer on a loaded one.
export default workspaceProject("compliance", { testTimeout: 3_600_000, hookTimeout: 60_000 });
