// @ts-check
// src/index.ts of a new vendor package: its VendorDefinition and its `create<Name>Client` factory.

/** @typedef {import("./spec-facts.mjs").SpecFacts} SpecFacts */
/** @typedef {import("./spec-facts.mjs").Credential} Credential */

/** Where the credential goes, for doc comments and READMEs. @param {Credential} c */
export const placement = (c) =>
  c.kind === "bearer" ? "the `Authorization: Bearer <token>` header" : c.kind === "header" ? `the \`${c.name}\` header` : `the \`${c.name}\` query parameter`;

/** A JS object key: bare when it is an identifier, quoted otherwise. @param {string} key */
const key = (key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));

/** @param {SpecFacts["rateLimit"]} rateLimit */
function rateLimitLines(rateLimit) {
  const { declared, ...config } = rateLimit;
  const value = `{ ${Object.entries(config).map(([k, v]) => `${k}: ${v.toLocaleString("en-US").replaceAll(",", "_")}`).join(", ")} }`;
  const why = declared
    ? [`  // The spec's \`x-crmkit-rate-limit\`.`]
    : [
        "  // The spec declares no rate limit (`x-crmkit-rate-limit`), so this is a conservative default: 5 requests a second,",
        "  // the strictest default among the vendors crmkit already supports (LeadSquared's 25 per 5 s). Replace it with this",
        "  // vendor's documented limit; callers can override it per client with `rateLimit`.",
      ];
  return [...why, `  rateLimit: ${value},`];
}

/** @param {SpecFacts} facts */
function baseUrlExpression(facts) {
  return facts.serverVariables.reduce((expression, name) => `${expression}.replace(${JSON.stringify(`{${name}}`)}, server.variables[${JSON.stringify(name)}])`, "server.url");
}

/** The Auth the factory hands to core. @param {Credential[]} credentials */
function authExpression(credentials) {
  if (credentials.length === 0) return "headerAuth({})";
  if (credentials.length === 1 && credentials[0]?.kind === "bearer") return `bearerAuth(${credentials[0].option})`;
  const entries = credentials.map((c) =>
    c.kind === "bearer" ? `Authorization: \`Bearer \${${c.option}}\`` : c.name === c.option ? c.option : `${key(/** @type {string} */ (c.name))}: ${c.option}`,
  );
  return `headerAuth({ ${entries.join(", ")} })`;
}

/** @param {SpecFacts} facts */
export function renderIndex(facts) {
  const { pascal, camel, vendor, credentials } = facts;
  const factory = `create${pascal}Client`;
  const query = credentials.filter((c) => c.kind === "query");
  const usesBearerAuth = credentials.length === 1 && credentials[0]?.kind === "bearer";
  const coreImports = [
    ...(usesBearerAuth ? ["bearerAuth"] : []),
    "createVendorClient",
    ...(usesBearerAuth ? [] : ["headerAuth"]),
    ...(credentials.length > 0 ? ["requireOption"] : []),
    "type CrmkitClientOptions",
    "type VendorDefinition",
  ];
  const secretNames = credentials.flatMap((c) => (c.name ? [c.name] : []));
  const lines = [
    `import { ${coreImports.join(", ")} } from "@crmkit/core";`,
    `import type { components, operations as operationTypes, paths } from "./generated/openapi.js";`,
    `import { operations, server } from "./generated/operations.js";`,
    "",
    "export type { components, paths };",
    "export type operations = operationTypes;",
    `export type { OperationId } from "./generated/operations.js";`,
    "",
    `/** ${facts.title}${facts.summary ? `: ${facts.summary}` : ""} */`,
    `export const ${camel}: VendorDefinition = {`,
    `  vendor: ${JSON.stringify(vendor)},`,
    `  baseUrl: ${baseUrlExpression(facts)},`,
    "  operations,",
    ...rateLimitLines(facts.rateLimit),
    "  // The vendor's error envelope is not known yet: read the fields most APIs use. Replace with the vendor's own shape.",
    "  parseError(body) {",
    "    const fields = (typeof body === \"object\" && body !== null ? body : {}) as { code?: unknown; message?: unknown; error?: unknown; details?: unknown };",
    "    const text = (value: unknown) => (typeof value === \"string\" && value !== \"\" ? value : undefined);",
    "    return {",
    "      code: typeof fields.code === \"string\" || typeof fields.code === \"number\" ? String(fields.code) : undefined,",
    "      message: text(fields.message) ?? text(fields.error) ?? text(body),",
    "      details: fields.details,",
    "    };",
    "  },",
    ...(secretNames.length > 0 ? [`  secretNames: ${JSON.stringify(secretNames)},`] : []),
    "};",
    "",
    `export interface ${pascal}ClientOptions extends CrmkitClientOptions {`,
    ...credentials.flatMap((c) => [`  /** ${c.description ? `${c.description} ` : ""}Sent as ${placement(c)}. */`, `  ${c.option}: string;`]),
    "}",
    "",
    ...(query.length > 0 ? queryTransport(query) : []),
    `export function ${factory}(options${credentials.length > 0 ? "" : "?"}: ${pascal}ClientOptions) {`,
    ...credentials.map((c) => `  const ${c.option} = requireOption(options?.${c.option}, ${JSON.stringify(c.option)}, ${JSON.stringify(factory)});`),
    query.length > 0
      ? `  return createVendorClient<paths>(${camel}, ${authExpression(credentials)}, { ...options, fetch: withQueryCredentials(options.fetch) });`
      : `  return createVendorClient<paths>(${camel}, ${authExpression(credentials)}, options);`,
    "}",
    "",
    `export type ${pascal}Client = ReturnType<typeof ${factory}>;`,
    "",
  ];
  return lines.join("\n");
}

/** @param {Credential[]} query */
function queryTransport(query) {
  const names = query.map((c) => `\`${c.name}\``).join(", ");
  return [
    "/**",
    ` * The API takes ${names} in the query string. Inside the crmkit stack each credential travels as a header of the`,
    " * same name, so the stack redacts and scrubs it like any credential header (logs, errors, echoed bodies); it moves",
    " * into the URL only here, at the transport.",
    " */",
    `const queryCredentials = ${JSON.stringify(query.map((c) => c.name))};`,
    "",
    "function withQueryCredentials(send: (request: Request) => Promise<Response> = (request) => fetch(request)) {",
    "  return async (request: Request): Promise<Response> => {",
    "    const url = new URL(request.url);",
    "    const headers = new Headers(request.headers);",
    "    for (const name of queryCredentials) {",
    "      const value = headers.get(name);",
    "      if (value === null) continue;",
    "      url.searchParams.set(name, value);",
    "      headers.delete(name);",
    "    }",
    "    const body = request.body ? await request.arrayBuffer() : undefined;",
    "    return send(new Request(url, { method: request.method, headers, body, signal: request.signal }));",
    "  };",
    "}",
    "",
  ];
}
