// @ts-check
// Optic's breaking-changes ruleset judges wire compatibility. crmkit ships *types* generated from the specs, so a few
// changes the wire tolerates still stop a consumer's code from compiling. These rules add exactly those cases, written
// against Optic's own rule API (the diffing, matching of operations and $ref resolution stay Optic's).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** @type {typeof import("@useoptic/rulesets-base")} */
const { OperationRule, PropertyRule, Ruleset, RuleError } = require("@useoptic/rulesets-base");

/** @param {unknown} schema */
const enumValues = (schema) => {
  if (!schema || typeof schema !== "object") return undefined;
  if ("enum" in schema && Array.isArray(schema.enum)) return schema.enum;
  if ("const" in schema) return [schema.const];
  return undefined;
};

const format = (/** @type {unknown[]} */ values) => values.map((v) => JSON.stringify(v)).join(", ");

// A narrower response union breaks `if (x.status === "archived")` and exhaustive switches (TS2367 / TS2678).
const responseEnumValueRemoved = new PropertyRule({
  name: "crmkit: response enum values removed",
  matches: (property) => enumValues(property.raw) !== undefined,
  rule: (property) => {
    property.changed((before, after) => {
      if ("inRequest" in after.location.conceptualLocation) return;
      const was = enumValues(before.raw);
      const now = enumValues(after.raw);
      if (!was || !now) return;
      const removed = was.filter((value) => !now.some((v) => JSON.stringify(v) === JSON.stringify(value)));
      if (removed.length > 0) {
        throw new RuleError({
          message: `removed enum value${removed.length > 1 ? "s" : ""} ${format(removed)} from response property '${after.value.key}': typed consumers comparing against ${removed.length > 1 ? "them" : "it"} stop compiling.`,
        });
      }
    });
  },
});

// Callers pass a removed field in an object literal, which TypeScript rejects as an excess property.
const requestPropertyRemoved = new PropertyRule({
  name: "crmkit: request property removed",
  matches: (_property, context) => context.operation.change !== "removed",
  rule: (property) => {
    property.removed((removed) => {
      if (!("inRequest" in removed.location.conceptualLocation)) return;
      throw new RuleError({
        message: `removed request property '${removed.value.key}': callers that send it stop compiling.`,
      });
    });
  },
});

/** @param {"query" | "path" | "header" | "cookie"} where */
const parameterRemoved = (where) =>
  new OperationRule({
    name: `crmkit: ${where} parameter removed or renamed`,
    matches: (_operation, context) => context.operation.change !== "removed",
    rule: (operation) => {
      const parameters = { query: operation.queryParameter, path: operation.pathParameter, header: operation.headerParameter, cookie: operation.cookieParameter }[where];
      parameters.removed((/** @type {{ value: { name: string } }} */ parameter) => {
        throw new RuleError({
          message: `removed or renamed ${where} parameter '${parameter.value.name}': callers that pass it stop compiling.`,
        });
      });
    },
  });

export const typedClientRuleset = new Ruleset({
  name: "crmkit typed-client compatibility",
  rules: [
    responseEnumValueRemoved,
    requestPropertyRemoved,
    parameterRemoved("query"),
    parameterRemoved("path"),
    parameterRemoved("header"),
    parameterRemoved("cookie"),
  ],
});
