// Ships the vendor contracts inside the package so startMock works from an installed tarball.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendors = ["leadconnector", "leadsquared", "onelink", "pexip-engage"];
rmSync(join(pkg, "specs"), { recursive: true, force: true });
for (const vendor of vendors) {
  mkdirSync(join(pkg, "specs", vendor), { recursive: true });
  cpSync(join(pkg, "..", "..", "specs", vendor, "openapi.yaml"), join(pkg, "specs", vendor, "openapi.yaml"));
}
