// Response bodies come from the contracts' own examples, so every contender and the rate-limited servers answer with
// what the vendor documents, and a spec change flows into the benchmark without a copied fixture going stale.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { repoRoot } from "./paths.mjs";

const specs = new Map();
const specOf = (vendor) => {
  if (!specs.has(vendor)) specs.set(vendor, parse(readFileSync(join(repoRoot, "specs", vendor, "openapi.yaml"), "utf8")));
  return specs.get(vendor);
};

const deref = (spec, node) => {
  while (node && typeof node.$ref === "string") {
    node = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((at, key) => at?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
  }
  return node;
};

/** The first JSON example of the operation's first 2xx response (a named example when `exampleName` is given). */
export function responseExample(vendor, operationId, exampleName) {
  const spec = specOf(vendor);
  for (const item of Object.values(spec.paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (operation?.operationId !== operationId) continue;
      const [, response] = Object.entries(operation.responses ?? {}).find(([status]) => /^2\d\d$/.test(status)) ?? [];
      const media = deref(spec, response)?.content?.["application/json"];
      if (media?.example !== undefined) return media.example;
      const examples = Object.entries(media?.examples ?? {});
      const [, example] = (exampleName ? examples.find(([name]) => name === exampleName) : examples[0]) ?? [];
      const value = deref(spec, example)?.value;
      if (value !== undefined) return value;
      throw new Error(`${vendor} ${operationId}: the 2xx response has no JSON example${exampleName ? ` named ${exampleName}` : ""}`);
    }
  }
  throw new Error(`${vendor}: no operation ${operationId} in specs/${vendor}/openapi.yaml`);
}
