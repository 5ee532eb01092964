// Ships the vendor contracts inside the package so startMock works from an installed tarball: every
// specs/<vendor>/openapi.yaml of the monorepo, whatever vendors there are (the registry reads the folders).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { specsDir, vendors } from "../../../tools/specs/vendors.mjs";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
rmSync(join(pkg, "specs"), { recursive: true, force: true });
for (const vendor of vendors) {
  mkdirSync(join(pkg, "specs", vendor), { recursive: true });
  cpSync(join(specsDir, vendor, "openapi.yaml"), join(pkg, "specs", vendor, "openapi.yaml"));
}
