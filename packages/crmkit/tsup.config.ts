import { libraryConfig } from "../../tools/build/tsup.js";

// One entry per subpath of package.json `exports`, so a bundler that imports one vendor never reaches the others.
export default libraryConfig();
