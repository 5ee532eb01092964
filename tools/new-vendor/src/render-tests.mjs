// @ts-check
// test/ of a new vendor package: the contract table built from the spec's examples, the contract suites that run it on
// Prism, a unit test of the factory's credentials, and a type test.
import { exampleCallsOf } from "../../contract-testing/src/example-calls.mjs";
import { deref } from "../../specs/load-specs.mjs";
import { entries, literal } from "./literal.mjs";
import { placement } from "./render-source.mjs";

/** @typedef {import("./spec-facts.mjs").SpecFacts} SpecFacts */

/** Fake credentials for tests, one distinct value per option (long enough for core to scrub them). @param {SpecFacts} facts */
const testCredentials = (facts) => Object.fromEntries(facts.credentials.map((c, i) => [c.option, `test-credential-${i + 1}`]));
const objectLiteral = (/** @type {Record<string, unknown>} */ object) => literal(object);

/** @param {SpecFacts} facts */
export function renderCases(facts) {
  const { pascal, camel, vendor } = facts;
  const options = [...entries(testCredentials(facts)), "baseUrl", "fetch", "maxRetries: 0", "rateLimit: false"];
  return [
    `// ${facts.title}'s contract-test table. Each operation's call is built from the spec's examples by`,
    "// `exampleOperations` (tools/contract-testing); replace any entry by a hand-written call, and add `rules` (one bad",
    "// request per rule the spec declares) and a `live` table as the other vendors do (see packages/onelink/test/cases.ts).",
    `import { exampleOperations, type VendorContract } from "@crmkit/contract-testing";`,
    `import { ${camel}, create${pascal}Client, type ${pascal}Client } from "../src/index.js";`,
    "",
    `export const ${camel}Contract: VendorContract<${pascal}Client> = {`,
    `  vendor: ${JSON.stringify(vendor)},`,
    `  client: ({ fetch, baseUrl }) => create${pascal}Client({ ${options.join(", ")} }),`,
    `  errorCode: (body) => ${camel}.parseError(body, 0).code,`,
    `  operations: exampleOperations<${pascal}Client>(${JSON.stringify(vendor)}),`,
    "  rules: [],",
    "};",
    "",
  ].join("\n");
}

/** @param {SpecFacts} facts @param {"operation" | "error"} kind */
export function renderSuite(facts, kind) {
  const [suite, comment] =
    kind === "operation"
      ? ["operationSuite", "// Every operation of the spec, called through the generated client; Prism validates each request, Ajv each response."]
      : ["errorSuite", "// Every documented error status of every operation (Prism's `Prefer: code=<status>`), as the caller sees it."];
  return [comment, `import { ${suite} } from "@crmkit/contract-testing";`, `import { ${facts.camel}Contract } from "./cases.js";`, "", `${suite}(${facts.camel}Contract);`, ""].join("\n");
}

/** @param {SpecFacts} facts */
export function renderClientTest(facts) {
  const { pascal, vendor, credentials } = facts;
  const factory = `create${pascal}Client`;
  const values = testCredentials(facts);
  const lines = [
    `import { UnauthorizedError } from "@crmkit/core";`,
    `import { exampleOperations } from "@crmkit/contract-testing";`,
    `import { describe, expect, it } from "vitest";`,
    `import { ${factory}, type ${pascal}Client } from "../src/index.js";`,
    "",
    `const credentials = ${objectLiteral(values)};`,
    `const [operationId, call] = Object.entries(exampleOperations<${pascal}Client>(${JSON.stringify(vendor)}))[0]!;`,
    "",
    "/** A client on a fake transport that records every request and answers with `status` and `body`; it logs everything. */",
    "function recordingClient(status: number, body: unknown) {",
    "  const sent: Request[] = [];",
    "  const logs: string[] = [];",
    "  const log = (line: string) => void logs.push(line);",
    "  const fetch = async (request: Request) => {",
    "    sent.push(request);",
    `    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });`,
    "  };",
    `  const logger = { debug: log, info: log, warn: log, error: log };`,
    `  const client = ${factory}({ ...credentials, baseUrl: "https://api.test/base", fetch, maxRetries: 0, rateLimit: false, logger, logLevel: "debug" });`,
    "  return { client, sent, logs };",
    "}",
    "",
    `describe("${factory}", () => {`,
  ];
  if (credentials.length > 0) {
    lines.push(
      `  it.each(${JSON.stringify(credentials.map((c) => c.option))})("refuses to start without %s, naming it", (option) => {`,
      `    expect(() => ${factory}({ ...credentials, [option]: " " })).toThrow(new TypeError(\`${factory}: option \\\`\${option}\\\` is required and must be a non-empty string\`));`,
      "  });",
      "",
      `  it(\`sends the credentials where the spec puts them (\${operationId})\`, async () => {`,
      "    const { client, sent } = recordingClient(200, {});",
      "    await call(client, {});",
      "    const [request] = sent;",
      `    expect(request!.url.startsWith("https://api.test/base/")).toBe(true);`,
      ...credentials.map((c) => `    // ${placement(c)}\n    ${credentialAssertion(c, values[c.option] ?? "")}`),
      "  });",
      "",
      "  it(\"keeps the credentials out of errors and logs, even when the API echoes them\", async () => {",
      "    const secrets = Object.values(credentials);",
      "    const { client, logs } = recordingClient(401, { message: `invalid credential ${secrets.join(\" \")}`, details: { echoed: secrets } });",
      "    const { error } = await call(client, {});",
      "    expect(error).toBeInstanceOf(UnauthorizedError);",
      "    const visible = JSON.stringify({ message: (error as UnauthorizedError).message, details: (error as UnauthorizedError).details, body: (error as UnauthorizedError).body, logs });",
      "    for (const secret of secrets) expect(visible).not.toContain(secret);",
      "  });",
    );
  } else {
    lines.push(
      `  it(\`calls the base URL it is given, with no credential (\${operationId})\`, async () => {`,
      "    const { client, sent } = recordingClient(200, {});",
      "    await call(client, {});",
      `    expect(sent[0]!.url.startsWith("https://api.test/base/")).toBe(true);`,
      `    expect(sent[0]!.headers.has("authorization")).toBe(false);`,
      "  });",
    );
  }
  lines.push("});", "");
  return lines.join("\n");
}

/**
 * The arguments of `client.METHOD(...)` for an example call.
 * @param {import("../../contract-testing/src/example-calls.mjs").ExampleCall} call @param {string} indent
 */
export function callArguments(call, indent) {
  const init = { ...(Object.keys(call.params).length > 0 ? { params: call.params } : {}), ...(call.body !== undefined ? { body: call.body } : {}) };
  return [JSON.stringify(call.path), ...(Object.keys(init).length > 0 ? [literal(init, indent)] : [])].join(", ");
}

/** @param {import("./spec-facts.mjs").Credential} c @param {string} value */
function credentialAssertion(c, value) {
  if (c.kind === "bearer") return `expect(request!.headers.get("authorization")).toBe(${JSON.stringify(`Bearer ${value}`)});`;
  if (c.kind === "header") return `expect(request!.headers.get(${JSON.stringify(c.name)})).toBe(${JSON.stringify(value)});`;
  return `expect(new URL(request!.url).searchParams.get(${JSON.stringify(c.name)})).toBe(${JSON.stringify(value)});\n    expect(request!.headers.has(${JSON.stringify(c.name)})).toBe(false);`;
}

/**
 * The first operation whose call the spec's examples make and whose first 2xx has a JSON body: the type test calls it
 * with those examples and checks the inferred body type.
 * @param {any} spec
 */
export function typedCall(spec) {
  for (const call of exampleCallsOf(spec).calls) {
    const responses = spec.paths[call.path][call.method.toLowerCase()].responses ?? {};
    const status = Object.keys(responses).find((s) => /^2\d\d$/.test(s));
    const response = status ? deref(spec, responses[status]) : undefined;
    if (status && response?.content?.["application/json"]) return { call, status };
  }
  return undefined;
}

/** @param {SpecFacts} facts @param {any} spec */
export function renderTypeTest(facts, spec) {
  const { pascal, credentials } = facts;
  const factory = `create${pascal}Client`;
  const first = facts.operations[0];
  const typed = typedCall(spec);
  const options = objectLiteral(Object.fromEntries(credentials.map((c) => [c.option, "secret"])));
  const lines = [
    `import { describe, expectTypeOf, it } from "vitest";`,
    `import { ${factory}${typed ? ", type operations" : ""} } from "../src/index.js";`,
    "",
    `const client = ${factory}(${credentials.length > 0 ? options : ""});`,
    "",
    `describe("${facts.title} client types", () => {`,
  ];
  if (typed) {
    const { call, status } = typed;
    const args = callArguments(call, "    ");
    lines.push(
      `  it("infers the documented ${status} body of ${call.operationId}", async () => {`,
      `    const { data } = await client.${call.method}(${args});`,
      `    expectTypeOf(data).toEqualTypeOf<operations[${JSON.stringify(call.operationId)}]["responses"][${status}]["content"]["application/json"] | undefined>();`,
      "  });",
      "",
    );
  }
  lines.push(
    "  it(\"rejects a path the contract does not have\", () => {",
    "    // @ts-expect-error the path does not exist in the contract",
    `    void client.${first?.method}(${JSON.stringify(`${first?.path}-not-in-the-contract`)});`,
    "  });",
  );
  if (credentials.length > 0) {
    const [missing, ...rest] = credentials;
    lines.push(
      "",
      `  it("requires the credential ${missing?.option}", () => {`,
      `    // @ts-expect-error \`${missing?.option}\` is required`,
      `    void ${factory}(${objectLiteral(Object.fromEntries(rest.map((c) => [c.option, "secret"])))});`,
      "  });",
    );
  }
  lines.push("});", "");
  return lines.join("\n");
}
