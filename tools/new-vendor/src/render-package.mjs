// @ts-check
// The package files of a new vendor package: package.json, turbo.json, tsup.config.ts, tsconfig.json, README.md.
// Versions and shared fields come from an existing vendor package, so a new one always matches the others.
import { exampleCallsOf } from "../../contract-testing/src/example-calls.mjs";
import { placement } from "./render-source.mjs";
import { callArguments } from "./render-tests.mjs";

/** @typedef {import("./spec-facts.mjs").SpecFacts} SpecFacts */

const entryPoint = {
  import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
  require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
};

/** "the Acme API", or the title itself when it already says it is an API. @param {string} title */
const apiName = (title) => (/\bAPI\b/.test(title) ? title : `the ${title} API`);

/** @param {SpecFacts} facts @param {any} sibling an existing vendor package's package.json */
export function renderManifest(facts, sibling) {
  const manifest = {
    name: facts.packageName,
    version: "0.0.0",
    description: `Typed client for ${apiName(facts.title)}`,
    license: sibling.license,
    type: "module",
    sideEffects: false,
    engines: sibling.engines,
    exports: { ".": entryPoint, "./package.json": "./package.json" },
    main: "./dist/index.cjs",
    module: "./dist/index.js",
    types: "./dist/index.d.cts",
    files: ["dist"],
    keywords: ["openapi", "crmkit", facts.vendor],
    crmkit: { client: `create${facts.pascal}Client`, sampleOptions: Object.fromEntries(facts.credentials.map((c) => [c.option, "t"])) },
    scripts: { generate: `crmkit-generate ${facts.vendor}`, build: "tsup", typecheck: "tsc -p tsconfig.json" },
    dependencies: { "@crmkit/core": sibling.dependencies["@crmkit/core"], "openapi-fetch": sibling.dependencies["openapi-fetch"] },
    devDependencies: sibling.devDependencies,
  };
  return JSON.stringify(manifest, null, 2) + "\n";
}

/** @param {SpecFacts} facts */
export const renderTurbo = (facts) =>
  JSON.stringify({ extends: ["//"], tasks: { generate: { inputs: ["$TURBO_EXTENDS$", `$TURBO_ROOT$/specs/${facts.vendor}/openapi.yaml`] } } }, null, 2) + "\n";

export const tsupConfig = `import { libraryConfig } from "../../tools/build/tsup.js";\n\nexport default libraryConfig();\n`;

export const tsconfig = JSON.stringify({ extends: "../../tsconfig.base.json", include: ["src", "test"] }, null, 2) + "\n";

/** @param {SpecFacts} facts */
function rateLimitNote({ rateLimit }) {
  const pace = `${rateLimit.limit.toLocaleString("en-US")} requests per ${rateLimit.windowMs >= 1000 ? `${rateLimit.windowMs / 1000} s` : `${rateLimit.windowMs} ms`}`;
  return rateLimit.declared
    ? `- Default rate limit: ${pace} (the contract's \`x-crmkit-rate-limit\`).`
    : `- Default rate limit: ${pace}, a conservative default: the contract declares none (\`x-crmkit-rate-limit\`). Pass \`rateLimit\` to change it.`;
}

/** @param {SpecFacts} facts @param {any} spec */
export function renderReadme(facts, spec) {
  const { vendor, pascal, credentials } = facts;
  const factory = `create${pascal}Client`;
  const env = (/** @type {string} */ option) => `${vendor.toUpperCase().replaceAll("-", "_")}_${option.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
  const options = credentials.map((c) => `${c.option}: process.env.${env(c.option)}!`).join(", ");
  const [example] = exampleCallsOf(spec).calls;
  const call = example
    ? `await client.${example.method}(${callArguments(example, "")});`
    : `await client.${facts.operations[0]?.method}(${JSON.stringify(facts.operations[0]?.path)}, { /* params, body */ });`;
  const operationRows = facts.operations.map((o) => `| \`${o.operationId}\` | \`${o.method} ${o.path}\` | ${o.summary ?? ""} |`);
  return [
    `# ${facts.packageName}`,
    "",
    `Typed client for ${apiName(facts.title)},`,
    `generated from crmkit's OpenAPI contract ([\`specs/${vendor}/openapi.yaml\`](../../specs/${vendor}/openapi.yaml)) and running on`,
    "[`@crmkit/core`](../core): retries with backoff and `Retry-After`, client-side rate limiting, timeouts, typed errors and",
    "redacted logs.",
    ...(facts.summary ? ["", facts.summary] : []),
    "",
    "```sh",
    `npm install ${facts.packageName}`,
    "```",
    "",
    "```ts",
    `import { ${factory} } from "${facts.packageName}";`,
    `import { unwrap } from "@crmkit/core";`,
    "",
    `const client = ${factory}(${credentials.length > 0 ? `{ ${options} }` : ""});`,
    "",
    `const { data, error } = ${call}`,
    "",
    "// Or throw a typed error (NotFoundError, RateLimitedError, …) instead of returning it:",
    "// const body = await unwrap(client.GET(...));",
    "```",
    "",
    "Every path, parameter and body is typed from the contract: a typo'd path, a wrong enum value or a missing required field is",
    "a compile error. Results keep openapi-fetch's `{ data, error, response }` shape.",
    "",
    "## Operations",
    "",
    "| operationId | request | |",
    "|---|---|---|",
    ...operationRows,
    "",
    "## Notes",
    ...(credentials.length > 0 ? credentials.map((c) => `- \`${c.option}\` is sent as ${placement(c)}.`) : ["- The contract declares no credentials."]),
    rateLimitNote(facts),
    "- Every factory also takes `baseUrl`, `fetch`, `maxRetries` (default 2), `timeout` (per attempt, default 30 s),",
    "  `rateLimit` / `rateLimiter`, `logger` / `logLevel`, `onAttempt` and openapi-fetch `middleware`; see `@crmkit/core`.",
    ...(credentials.length > 0 ? ["- A missing or empty credential throws a `TypeError` naming the option when the client is created."] : []),
    "- Types: `paths`, `components` and `operations` are exported for your own helpers.",
    "",
    `For tests, \`@crmkit/mock\` serves this contract with Prism: \`startMock(${JSON.stringify(vendor)})\`.`,
    "",
    "## Maintaining this package",
    "",
    `\`pnpm new-vendor ${vendor}\` created it from the contract${spec.info?.version ? ` (version ${spec.info.version})` : ""}. \`src/generated/\` is regenerated from the`,
    "contract (`pnpm generate`); the rest is yours to edit: the vendor's error envelope and rate limit in `src/index.ts`,",
    "hand-written calls, rule cases and live cases in `test/cases.ts`.",
    "",
  ].join("\n");
}
