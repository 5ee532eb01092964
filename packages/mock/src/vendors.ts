import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// The build copies every specs/<vendor>/openapi.yaml of the monorepo into the package's own specs/, so the vendors are
// whatever folders shipped. In the monorepo before a build there is no copy yet: the repository's specs/ stand in.
const shippedSpecs = fileURLToPath(new URL("../specs/", import.meta.url));
const repositorySpecs = fileURLToPath(new URL("../../../specs/", import.meta.url));

const contractFolders = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(join(dir, name, "openapi.yaml"))).sort() : [];

const shipped = contractFolders(shippedSpecs);

/** The folder the contracts are read from. */
export const specsDir = shipped.length > 0 ? shippedSpecs : repositorySpecs;

/** Every vendor with a contract, sorted. */
export const vendors: readonly string[] = Object.freeze(shipped.length > 0 ? shipped : contractFolders(repositorySpecs));

/** A vendor name: one of `vendors` (checked at run time, since the list is read from the shipped contracts). */
export type Vendor = string;
