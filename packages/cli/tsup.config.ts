import { defineConfig } from "tsup";
import { bin, library } from "../../tsup.shared.js";

// The library, and the `wsdump` bin (ESM, imports the library entry's deps as usual).
export default defineConfig([library, bin("cli", "src/cli.ts")]);
