import { defineConfig } from "tsup";
import { library } from "../../tsup.shared.js";

// The facade: the library only (the `wsdump` command is @wsclient/cli's bin).
export default defineConfig(library);
