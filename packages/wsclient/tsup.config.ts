import { defineConfig } from "tsup";
import { bin, library } from "../../tsup.shared.js";

// The facade, and its `wsdump` bin: a tiny ESM entry calling @wsclient/cli's main.
export default defineConfig([library, bin("wsdump", "src/wsdump.ts")]);
