import { libraryConfig } from "../../tools/build/tsup.js";

export default libraryConfig();
