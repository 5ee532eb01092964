import type { Vendor } from "@crmkit/mock";
import { deref, loadSpec, operationsOf, type SpecOperation } from "./schemas.js";
import type { Violation } from "./violations.js";

type Json = any;

/**
 * One rule a spec declares on a request input. `field` is where it applies: `query.limit`, `header.Version`,
 * `path.eventId`, `body` (the body itself), `body.TaskList[].FromDate` (`[]` = every array item),
 * `body.{calendarId,assignedUserId}` (a rule on a group of fields, e.g. mutually exclusive ones).
 */
export interface RequestRule {
  operationId: string;
  /** The JSON Schema keyword (`required`, `enum`, `pattern`, `format`, `minLength`, ...), or `mutually exclusive` /
   * `one of required`; a rule that holds only in one branch or under a condition says so, e.g.
   * `required (if RelatedEntity is 1 or 5)`, `required (anyOf CustomFieldsInputArraySchema)`. */
  rule: string;
  field: string;
  /** The rule's value, for people: the pattern, the enum values, the limit. */
  detail: string;
}

export const ruleKey = (r: { operationId: string; rule: string; field: string }) => `${r.operationId} | ${r.rule} | ${r.field}`;

// Keywords that constrain a value; `type` is left out (the generated types already enforce it for callers).
const valueKeywords = [
  "enum",
  "const",
  "pattern",
  "format",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
] as const;

const refName = (node: Json) => (typeof node?.$ref === "string" ? node.$ref.split("/").pop() : undefined);
const isNullSchema = (node: Json) => node?.type === "null";

/** Every rule each operation of the vendor's spec declares on its request inputs (parameters and body), in spec order. */
export function requestRulesOf(vendor: Vendor): RequestRule[] {
  return requestRulesOfSpec(loadSpec(vendor), operationsOf(vendor));
}

/** The rules of a parsed OpenAPI document (`operations` from `operationsOfSpec`). */
export function requestRulesOfSpec(spec: Json, operations: SpecOperation[]): RequestRule[] {
  const rules = new Map<string, RequestRule>();

  for (const op of operations) {
    const add = (rule: string, field: string, detail: string) => {
      const r = { operationId: op.operationId, rule, field, detail };
      if (!rules.has(ruleKey(r))) rules.set(ruleKey(r), r);
    };

    // A `$ref` may carry siblings (a description); they are merged over the target.
    const resolve = (node: Json): Json => {
      if (!node?.$ref) return node;
      const { $ref: _ref, ...siblings } = node;
      return { ...resolve(deref(spec, { $ref: node.$ref })), ...siblings };
    };

    const walk = (raw: Json, field: string, when: string, seen: Set<Json>) => {
      const node = resolve(raw);
      if (!node || typeof node !== "object" || seen.has(node)) return;
      seen = new Set(seen).add(node);
      const suffix = when ? ` (${when})` : "";

      for (const keyword of valueKeywords) {
        if (node[keyword] === undefined) continue;
        const value = node[keyword];
        add(keyword + suffix, field, Array.isArray(value) ? value.join(", ") : String(value));
      }
      if (node.additionalProperties === false) add("additionalProperties" + suffix, field, "no properties beyond the declared ones");

      for (const name of node.required ?? []) add("required" + suffix, `${field}.${name}`, `${name} must be present`);
      for (const [name, child] of Object.entries<Json>(node.properties ?? {})) walk(child, `${field}.${name}`, when, seen);
      if (node.items) walk(node.items, `${field}[]`, when, seen);
      for (const part of node.allOf ?? []) walk(part, field, when, seen);

      // `not: { required: [a, b] }`: a and b are mutually exclusive.
      const excluded: string[] | undefined = resolve(node.not)?.required;
      if (excluded && excluded.length > 1) add("mutually exclusive" + suffix, `${field}.{${excluded.join(",")}}`, `${excluded.join(" and ")} cannot both be sent`);

      const branches: Json[] | undefined = node.oneOf ?? node.anyOf;
      if (branches) {
        const resolved = branches.map(resolve);
        // oneOf of "a, not b" / "b, not a": exactly one of the fields.
        const exclusive = node.oneOf && resolved.every((b) => b.required?.length === 1 && resolve(b.not)?.required?.length);
        if (exclusive) {
          const names = resolved.map((b) => b.required[0] as string);
          add("one of required" + suffix, `${field}.{${names.join(",")}}`, `one of ${names.join(", ")} must be sent`);
          add("mutually exclusive" + suffix, `${field}.{${names.join(",")}}`, `${names.join(" and ")} cannot both be sent`);
        } else {
          const nonNull = branches.filter((b) => !isNullSchema(resolve(b)));
          // A nullable wrapper (X or null) keeps X's rules as they are; real alternatives name their branch.
          for (const [i, branch] of nonNull.entries()) {
            const label = nonNull.length === 1 ? when : [when, `${node.oneOf ? "oneOf" : "anyOf"} ${refName(branch) ?? resolve(branch).title ?? `#${i + 1}`}`].filter(Boolean).join(", ");
            walk(branch, field, label, seen);
          }
        }
      }

      if (node.if && node.then) {
        const condition = resolve(node.if);
        const described = Object.entries<Json>(condition.properties ?? {})
          .map(([name, s]) => (resolve(s).enum ? `${name} is ${resolve(s).enum.join(" or ")}` : name))
          .join(" and ");
        walk(node.then, field, [when, `if ${described || "condition"}`].filter(Boolean).join(", "), seen);
      }
    };

    for (const parameter of op.parameters) {
      const field = `${parameter.in}.${parameter.name}`;
      // Path parameters are always required (OpenAPI); a path without one routes elsewhere, so that is no rule of ours.
      if (parameter.required && parameter.in !== "path") add("required", field, `${parameter.in} parameter ${parameter.name} must be sent`);
      walk(parameter.schema, field, "", new Set());
    }
    const body = resolve(op.operation.requestBody);
    if (body) {
      if (body.required) add("required", "body", "a request body must be sent");
      for (const media of Object.values<Json>(body.content ?? {})) walk(media.schema, "body", "", new Set());
    }
  }
  return [...rules.values()];
}

/** Prism's location of a finding as a field path like the rules use: `body.TaskList[].FromDate`, `query.starttime`. */
export function violationField(v: Violation): string {
  const location = v.location[0] === "request" ? v.location.slice(1) : v.location;
  return location.reduce<string>((path, part) => (/^\d+$/.test(String(part)) ? `${path}[]` : path ? `${path}.${part}` : String(part)), "");
}

/**
 * Whether one of Prism's errors names the field a rule is about. Prism reports most rules at the field itself, a
 * missing property at its parent with the name in the message ("must have required property 'calendarId'"), and
 * rules on a group of fields (`not`, `oneOf`) at the object holding them. Header and query names come back lower-cased.
 */
export function namesField(violations: Violation[], field: string): boolean {
  const lower = field.toLowerCase();
  const group = /^(.*)\.\{([^}]+)\}$/.exec(lower);
  const parent = group ? group[1]! : lower.includes(".") ? lower.slice(0, lower.lastIndexOf(".")) : "";
  const leaves = group ? group[2]!.split(",") : [lower.slice(lower.lastIndexOf(".") + 1).replace(/\[\]$/, "")];
  return violations
    .filter((v) => v.severity === "Error")
    .some((v) => {
      const at = violationField(v).toLowerCase();
      const message = v.message.toLowerCase();
      if (!group && at === lower) return true;
      if (at !== parent) return false;
      if (group && (v.code === "not" || v.code === "oneOf")) return true;
      return leaves.some((leaf) => message.includes(`'${leaf}'`) || (leaf === "body" && /body/.test(message)));
    });
}
