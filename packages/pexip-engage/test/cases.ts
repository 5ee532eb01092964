// Pexip Engage's contract-test tables: one call per operation, one bad request per rule the spec declares on request
// inputs, one live call per read-only operation. The suites in @crmkit/contract-testing run them.
import {
  removeBody,
  setBodyField,
  setHeader,
  setQuery,
  viaClient,
  type OperationCase,
  type RuleCase,
  type VendorContract,
} from "@crmkit/contract-testing";
import { createPexipEngageClient, type PexipEngageClient } from "../src/index.js";

type C = PexipEngageClient;

const correlation = { "X-Correlation-Id": "a4f0048e-c983-11ed-afa1-0242ac120002" };
const segment = { id: "123" };
const availabilityWindow = {
  from: "2024-05-06T08:00:00+02:00",
  to: "2024-05-10T18:00:00+02:00",
  "office-id": "123",
  "employee-id[]": ["123", "456"],
  "subject-id[]": ["123"],
  "meeting-type[]": ["OFFICE" as const, "VIDEO" as const],
};

const operations = {
  createLeadSegment: (c, headers) =>
    c.POST("/lead-segments", { body: { code: "REPEATVISITOR", description: "Repeat visitor" }, headers: { ...correlation, ...headers } }),
  getLeadSegmentById: (c, headers) => c.GET("/lead-segments/{id}", { params: { path: segment }, headers: { ...correlation, ...headers } }),
  updateLeadSegmentById: (c, headers) =>
    c.PATCH("/lead-segments/{id}", { params: { path: segment }, body: { code: "REPEATVISITOR", description: null }, headers: { ...correlation, ...headers } }),
  updateLeadSegmentSchedulingSettings: (c, headers) =>
    c.PUT("/lead-segments/{id}/scheduling-settings", {
      params: { path: segment },
      body: [
        { meetingType: "OFFICE", subjectId: "123" },
        { meetingType: "VIDEO", subjectId: "123" },
      ],
      headers: { ...correlation, ...headers },
    }),
  getDefinedAvailability: (c, headers) =>
    c.GET("/defined-availability", { params: { query: availabilityWindow }, headers: { ...correlation, ...headers } }),
} satisfies Record<string, OperationCase<C>>;

type OperationId = keyof typeof operations;
const rule = (operationId: OperationId, name: string, field: string, bad: RuleCase<C>[3], gap?: RuleCase<C>[4]): RuleCase<C> =>
  gap ? [operationId, name, field, bad, gap] : [operationId, name, field, bad];
// Prism drops empty parameter values before validating them (lodash `pickBy`), so an empty header reads as "absent",
// which an optional header may be.
const emptyHeader = { prismCannotCheck: "Prism drops empty parameter values, so an empty header reads as absent", value: "" };
/** Adds one more value to a repeated query parameter (an array filter), keeping the ones the call sent. */
const appendQuery = (name: string, value: string) => (request: Request) => {
  const url = new URL(request.url);
  url.searchParams.append(name, value);
  return new Request(url, request);
};
// Prism reads `name[]=v` as the array `name`, so a parameter declared as `name[]` (Pexip's required spelling for array
// filters) is never validated by it.
const bracketedArray = { prismCannotCheck: "Prism reads name[]=v as the array `name`, so a `name[]` parameter is never validated", value: undefined as unknown };
const allOperations = Object.keys(operations) as OperationId[];

const rules: RuleCase<C>[] = [
  // Every operation takes the optional correlation header: 1 to 36 characters.
  ...allOperations.flatMap((id) => [
    rule(id, "minLength", "header.X-Correlation-Id", setHeader("X-Correlation-Id", ""), emptyHeader),
    rule(id, "maxLength", "header.X-Correlation-Id", setHeader("X-Correlation-Id", `${correlation["X-Correlation-Id"]}-0`)),
  ]),

  rule("createLeadSegment", "required", "body", removeBody()),
  rule("createLeadSegment", "required", "body.code", setBodyField("code", undefined)),
  rule("createLeadSegment", "minLength", "body.code", setBodyField("code", "")),
  rule("createLeadSegment", "maxLength", "body.code", setBodyField("code", "X".repeat(256))),
  rule("createLeadSegment", "minLength", "body.description", setBodyField("description", "")),

  rule("getLeadSegmentById", "minLength", "path.id", viaClient((c) => c.GET("/lead-segments/{id}", { params: { path: { id: "" } } }))),

  rule("updateLeadSegmentById", "minLength", "path.id", viaClient((c) => c.PATCH("/lead-segments/{id}", { params: { path: { id: "" } }, body: { code: "VIP" } }))),
  rule("updateLeadSegmentById", "required", "body", removeBody()),
  rule("updateLeadSegmentById", "minLength", "body.code", setBodyField("code", "")),
  rule("updateLeadSegmentById", "maxLength", "body.code", setBodyField("code", "X".repeat(256))),
  rule("updateLeadSegmentById", "minLength", "body.description", setBodyField("description", "")),

  rule(
    "updateLeadSegmentSchedulingSettings",
    "minLength",
    "path.id",
    viaClient((c) => c.PUT("/lead-segments/{id}/scheduling-settings", { params: { path: { id: "" } }, body: [{ meetingType: "PHONE", subjectId: "1" }] })),
  ),
  rule("updateLeadSegmentSchedulingSettings", "required", "body", removeBody()),
  rule("updateLeadSegmentSchedulingSettings", "required", "body[].meetingType", setBodyField("1.meetingType", undefined)),
  rule("updateLeadSegmentSchedulingSettings", "required", "body[].subjectId", setBodyField("0.subjectId", undefined)),
  rule("updateLeadSegmentSchedulingSettings", "enum", "body[].meetingType", setBodyField("0.meetingType", "CHAT")),
  rule("updateLeadSegmentSchedulingSettings", "minLength", "body[].subjectId", setBodyField("1.subjectId", "")),

  ...(["from", "to"] as const).flatMap((name) => [
    rule("getDefinedAvailability", "required", `query.${name}`, setQuery(name, undefined)),
    rule("getDefinedAvailability", "format", `query.${name}`, setQuery(name, "next monday")),
    // Prism drops the empty value and then reports the required parameter as missing, which names the field.
    rule("getDefinedAvailability", "minLength", `query.${name}`, setQuery(name, "")),
  ]),
  rule("getDefinedAvailability", "required", "query.office-id", setQuery("office-id", undefined)),
  rule("getDefinedAvailability", "minLength", "query.office-id", setQuery("office-id", "")),
  ...(["employee-id[]", "subject-id[]", "meeting-type[]"] as const).map((name) =>
    rule("getDefinedAvailability", "minItems", `query.${name}`, setQuery(name, ""), { ...bracketedArray, value: [] }),
  ),
  ...(["employee-id[]", "subject-id[]"] as const).map((name) =>
    rule("getDefinedAvailability", "minLength", `query.${name}[]`, appendQuery(name, ""), { ...bracketedArray, value: "" }),
  ),
  rule("getDefinedAvailability", "enum", "query.meeting-type[][]", setQuery("meeting-type[]", "CHAT"), { ...bracketedArray, value: "CHAT" }),
];

export const pexipEngageContract: VendorContract<C> = {
  vendor: "pexip-engage",
  client: ({ fetch, baseUrl }) => createPexipEngageClient({ token: "test-token", enterprise: "acme", baseUrl, fetch, maxRetries: 0, rateLimit: false }),
  errorCode: (body) => body?.errors?.[0]?.code,
  operations,
  rules,
  live: {
    env: ["CRMKIT_LIVE_PEXIP_TOKEN", "CRMKIT_LIVE_PEXIP_ENTERPRISE"],
    upstream: (env) => `https://api.pexipengage.com/enterprises/${encodeURIComponent(env.CRMKIT_LIVE_PEXIP_ENTERPRISE!)}`,
    client: ({ fetch, baseUrl, env }) =>
      createPexipEngageClient({ token: env.CRMKIT_LIVE_PEXIP_TOKEN!, enterprise: env.CRMKIT_LIVE_PEXIP_ENTERPRISE!, baseUrl, fetch, maxRetries: 0 }),
    cases: {
      getLeadSegmentById: {
        needs: ["CRMKIT_LIVE_PEXIP_LEAD_SEGMENT_ID"],
        call: (c, env) => c.GET("/lead-segments/{id}", { params: { path: { id: env.CRMKIT_LIVE_PEXIP_LEAD_SEGMENT_ID! } } }),
      },
      getDefinedAvailability: {
        needs: ["CRMKIT_LIVE_PEXIP_OFFICE_ID"],
        call: (c, env) =>
          c.GET("/defined-availability", {
            params: { query: { from: new Date().toISOString(), to: new Date(Date.now() + 7 * 86_400_000).toISOString(), "office-id": env.CRMKIT_LIVE_PEXIP_OFFICE_ID! } },
          }),
      },
    },
  },
};
