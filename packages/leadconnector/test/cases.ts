// LeadConnector's contract-test tables: one call per operation, one bad request per rule the spec declares on request
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
import { createLeadConnectorClient, type LeadConnectorClient } from "../src/index.js";
import { notesAndSlotsLive, notesAndSlotsOperations, notesAndSlotsRules } from "./cases.appointment-notes-free-slots.js";
import { opportunityListsAndFollowersLive, opportunityListsAndFollowersOperations, opportunityListsAndFollowersRules } from "./cases.opportunity-lists-followers.js";

type C = LeadConnectorClient;

const eventsWindow = {
  locationId: "0007BWpSzSwfiuSl0tR2",
  calendarId: "BqTwX8QFwXzpegMve9EQ",
  startTime: "1680373800000",
  endTime: "1680978599999",
};
const eventId = "ocQHyuzHvysMo5N5VsXc";
const opportunityId = "yWQobCRIhRguQtD2llvk";
const form = (body: Record<string, string>) => new URLSearchParams(body).toString();

const operations = {
  "get-calendar-events": (c, headers) => c.GET("/calendars/events", { params: { query: eventsWindow }, headers }),
  "get-blocked-slots": (c, headers) => c.GET("/calendars/blocked-slots", { params: { query: eventsWindow }, headers }),
  "create-appointment": (c, headers) =>
    c.POST("/calendars/events/appointments", {
      body: {
        title: "Test Event",
        meetingLocationType: "custom",
        appointmentStatus: "confirmed",
        calendarId: "CVokAlI8fgw4WYWoCtQz",
        locationId: "C2QujeCh8ZnC7al2InWR",
        contactId: "0007BWpSzSwfiuSl0tR2",
        startTime: "2021-06-23T03:30:00+05:30",
        endTime: "2021-06-23T04:30:00+05:30",
      },
      headers,
    }),
  "get-appointment": (c, headers) => c.GET("/calendars/events/appointments/{eventId}", { params: { path: { eventId } }, headers }),
  "edit-appointment": (c, headers) =>
    c.PUT("/calendars/events/appointments/{eventId}", {
      params: { path: { eventId } },
      body: {
        title: "Test Event",
        meetingLocationType: "zoom",
        appointmentStatus: "confirmed",
        startTime: "2021-06-23T05:30:00+05:30",
        endTime: "2021-06-23T06:30:00+05:30",
      },
      headers,
    }),
  "create-block-slot": (c, headers) =>
    c.POST("/calendars/events/block-slots", {
      body: {
        title: "Team offsite",
        calendarId: "CVokAlI8fgw4WYWoCtQz",
        locationId: "C2QujeCh8ZnC7al2InWR",
        startTime: "2021-06-23T03:30:00+05:30",
        endTime: "2021-06-23T04:30:00+05:30",
      },
      headers,
    }),
  "edit-block-slot": (c, headers) =>
    c.PUT("/calendars/events/block-slots/{eventId}", {
      params: { path: { eventId } },
      body: {
        title: "Team offsite",
        calendarId: "CVokAlI8fgw4WYWoCtQz",
        locationId: "C2QujeCh8ZnC7al2InWR",
        startTime: "2021-06-23T03:30:00+05:30",
        endTime: "2021-06-23T04:30:00+05:30",
      },
      headers,
    }),
  "delete-event": (c, headers) => c.DELETE("/calendars/events/{eventId}", { params: { path: { eventId } }, body: {}, headers }),
  "search-opportunity": (c, headers) =>
    c.GET("/opportunities/search", {
      params: { query: { location_id: "i2SpAtBVHSVea1sL6oah", status: "open", limit: 20, page: 1, getTasks: false } },
      headers,
    }),
  "get-pipelines": (c, headers) => c.GET("/opportunities/pipelines", { params: { query: { locationId: "ve9EPM428h8vShlRW1KT" } }, headers }),
  "Upsert-opportunity": (c, headers) =>
    c.POST("/opportunities/upsert", {
      body: {
        id: opportunityId,
        pipelineId: "bCkKGpDsyPP4peuKowkG",
        locationId: "CLu7BaljjqrEjBGKTNNe",
        followers: ["LiKJ2vnRg5ETM8Z19K7"],
        isRemoveAllFollowers: false,
        followersActionType: "add",
        status: "open",
      },
      headers,
    }),
  "get-opportunity": (c, headers) => c.GET("/opportunities/{id}", { params: { path: { id: opportunityId } }, headers }),
  "update-opportunity": (c, headers) =>
    c.PUT("/opportunities/{id}", {
      params: { path: { id: opportunityId } },
      body: { name: "First Opps", status: "won", monetaryValue: 220, customFields: [{ id: "6dvNaf7VhkQ9snc5vnjJ", field_value: "9039160788" }] },
      headers,
    }),
  "delete-opportunity": (c, headers) => c.DELETE("/opportunities/{id}", { params: { path: { id: opportunityId } }, headers }),
  "update-opportunity-status": (c, headers) =>
    c.PUT("/opportunities/{id}/status", { params: { path: { id: opportunityId } }, body: { status: "lost", lostReasonId: "CLu7BaljjqrEjBGKTNNe" }, headers }),
  "create-opportunity": (c, headers) =>
    c.POST("/opportunities/", {
      body: {
        pipelineId: "VDm7RPYC2GLUvdpKmBfC",
        locationId: "ve9EPM428h8vShlRW1KT",
        name: "First Opps",
        status: "open",
        contactId: "mTkSCb1UBjb5tk4OvB69",
        customFields: [{ id: "6dvNaf7VhkQ9snc5vnjJ", field_value: ["a", "b"] }],
      },
      headers,
    }),
  "get-access-token": (c, headers) =>
    c.POST("/oauth/token", {
      body: { client_id: "6835011c08f18f1088f92f9f-mcnl7omh", client_secret: "not-a-real-secret", grant_type: "refresh_token", refresh_token: "not-a-real-refresh-token", user_type: "Location" },
      bodySerializer: (body) => form(body as Record<string, string>),
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    }),
  ...notesAndSlotsOperations, ...opportunityListsAndFollowersOperations,
} satisfies Record<string, OperationCase<C>>;

type OperationId = keyof typeof operations;
const rule = (operationId: OperationId, name: string, field: string, bad: RuleCase<C>[3]): RuleCase<C> => [operationId, name, field, bad];
const withVersion = (Object.keys(operations) as OperationId[]).filter((id) => id !== "get-access-token");
const customFieldBranches = ["CustomFieldsInputArraySchema", "CustomFieldsInputObjectSchema"] as const;
const customFieldWithoutId = { CustomFieldsInputArraySchema: [{ field_value: ["a"] }], CustomFieldsInputObjectSchema: [{ field_value: { a: 1 } }] };

const rules: RuleCase<C>[] = [
  // Every operation but the token endpoint requires the Version header of its family (the client adds it).
  ...withVersion.flatMap((id) => [
    rule(id, "required", "header.Version", setHeader("Version", undefined)),
    rule(id, "enum", "header.Version", setHeader("Version", "2020-01-01")),
  ]),
  rule("get-access-token", "enum", "header.Version", setHeader("Version", "2021-04-15")),

  ...(["get-calendar-events", "get-blocked-slots"] as const).flatMap((id) => [
    rule(id, "required", "query.locationId", setQuery("locationId", undefined)),
    rule(id, "required", "query.startTime", setQuery("startTime", undefined)),
    rule(id, "pattern", "query.startTime", setQuery("startTime", "2023-04-01T00:00:00Z")),
    rule(id, "required", "query.endTime", setQuery("endTime", undefined)),
    rule(id, "pattern", "query.endTime", setQuery("endTime", "-1")),
  ]),

  rule("create-appointment", "required", "body", removeBody()),
  ...["calendarId", "locationId", "contactId", "startTime"].map((name) => rule("create-appointment", "required", `body.${name}`, setBodyField(name, undefined))),
  rule("create-appointment", "enum", "body.meetingLocationType", setBodyField("meetingLocationType", "skype")),
  rule("create-appointment", "enum", "body.appointmentStatus", setBodyField("appointmentStatus", "booked")),
  rule("create-appointment", "format", "body.startTime", setBodyField("startTime", "2021-06-23 03:30")),
  rule("create-appointment", "format", "body.endTime", setBodyField("endTime", "tomorrow")),

  rule("get-appointment", "minLength", "path.eventId", viaClient((c) => c.GET("/calendars/events/appointments/{eventId}", { params: { path: { eventId: "" } } }))),

  rule(
    "edit-appointment",
    "minLength",
    "path.eventId",
    viaClient((c) => c.PUT("/calendars/events/appointments/{eventId}", { params: { path: { eventId: "" } }, body: { title: "Test Event" } })),
  ),
  rule("edit-appointment", "required", "body", removeBody()),
  rule("edit-appointment", "enum", "body.meetingLocationType", setBodyField("meetingLocationType", "teams")),
  rule("edit-appointment", "enum", "body.appointmentStatus", setBodyField("appointmentStatus", "done")),
  rule("edit-appointment", "format", "body.startTime", setBodyField("startTime", "23/06/2021 05:30")),
  rule("edit-appointment", "format", "body.endTime", setBodyField("endTime", "1624426200000")),

  ...(["create-block-slot", "edit-block-slot"] as const).flatMap((id) => [
    rule(id, "required", "body", removeBody()),
    rule(id, "required", "body.locationId", setBodyField("locationId", undefined)),
    rule(id, "format", "body.startTime", setBodyField("startTime", "2021-06-23")),
    rule(id, "format", "body.endTime", setBodyField("endTime", "04:30")),
    rule(id, "one of required", "body.{calendarId,assignedUserId}", setBodyField("calendarId", undefined)),
    rule(id, "mutually exclusive", "body.{calendarId,assignedUserId}", setBodyField("assignedUserId", "0007BWpSzSwfiuSl0tR2")),
  ]),
  rule(
    "edit-block-slot",
    "minLength",
    "path.eventId",
    viaClient((c) =>
      c.PUT("/calendars/events/block-slots/{eventId}", { params: { path: { eventId: "" } }, body: { calendarId: "CVokAlI8fgw4WYWoCtQz", locationId: "C2QujeCh8ZnC7al2InWR" } }),
    ),
  ),

  rule("delete-event", "minLength", "path.eventId", viaClient((c) => c.DELETE("/calendars/events/{eventId}", { params: { path: { eventId: "" } }, body: {} }))),
  rule("delete-event", "required", "body", removeBody()),

  rule("search-opportunity", "required", "query.location_id", setQuery("location_id", undefined)),
  rule("search-opportunity", "enum", "query.status", setQuery("status", "closed")),
  rule("search-opportunity", "pattern", "query.endDate", setQuery("endDate", "2021-08-31")),
  rule("search-opportunity", "pattern", "query.startAfter", setQuery("startAfter", "2021-08-03T04:55:17Z")),
  rule("search-opportunity", "pattern", "query.date", setQuery("date", "8/1/2021")),
  rule("search-opportunity", "maximum", "query.limit", setQuery("limit", "101")),

  rule("get-pipelines", "required", "query.locationId", setQuery("locationId", undefined)),

  rule("Upsert-opportunity", "required", "body", removeBody()),
  ...["pipelineId", "locationId", "followers", "isRemoveAllFollowers", "followersActionType"].map((name) =>
    rule("Upsert-opportunity", "required", `body.${name}`, setBodyField(name, undefined)),
  ),
  rule("Upsert-opportunity", "enum", "body.followersActionType", setBodyField("followersActionType", "replace")),
  rule("Upsert-opportunity", "enum", "body.status", setBodyField("status", "closed")),

  rule("get-opportunity", "minLength", "path.id", viaClient((c) => c.GET("/opportunities/{id}", { params: { path: { id: "" } } }))),
  rule("update-opportunity", "minLength", "path.id", viaClient((c) => c.PUT("/opportunities/{id}", { params: { path: { id: "" } }, body: { status: "won" } }))),
  rule("delete-opportunity", "minLength", "path.id", viaClient((c) => c.DELETE("/opportunities/{id}", { params: { path: { id: "" } } }))),
  rule(
    "update-opportunity-status",
    "minLength",
    "path.id",
    viaClient((c) => c.PUT("/opportunities/{id}/status", { params: { path: { id: "" } }, body: { status: "won" } })),
  ),

  rule("update-opportunity", "required", "body", removeBody()),
  rule("update-opportunity", "enum", "body.status", setBodyField("status", "closed")),
  ...customFieldBranches.map((branch) =>
    rule("update-opportunity", `required (anyOf ${branch})`, "body.customFields[].id", setBodyField("customFields", customFieldWithoutId[branch])),
  ),

  rule("update-opportunity-status", "required", "body", removeBody()),
  rule("update-opportunity-status", "required", "body.status", setBodyField("status", undefined)),
  rule("update-opportunity-status", "enum", "body.status", setBodyField("status", "closed")),

  rule("create-opportunity", "required", "body", removeBody()),
  ...["pipelineId", "locationId", "name", "status", "contactId"].map((name) => rule("create-opportunity", "required", `body.${name}`, setBodyField(name, undefined))),
  rule("create-opportunity", "enum", "body.status", setBodyField("status", "pending")),
  ...customFieldBranches.map((branch) =>
    rule("create-opportunity", `required (anyOf ${branch})`, "body.customFields[].id", setBodyField("customFields", customFieldWithoutId[branch])),
  ),

  rule("get-access-token", "required", "body", removeBody()),
  ...["client_id", "client_secret", "grant_type"].map((name) => rule("get-access-token", "required", `body.${name}`, setBodyField(name, undefined))),
  rule("get-access-token", "enum", "body.grant_type", setBodyField("grant_type", "password")),
  rule("get-access-token", "enum", "body.user_type", setBodyField("user_type", "Agency")),
  ...notesAndSlotsRules, ...opportunityListsAndFollowersRules,
];

const day = 86_400_000;

export const leadConnectorContract: VendorContract<C> = {
  vendor: "leadconnector",
  client: ({ fetch, baseUrl }) => createLeadConnectorClient({ token: "test-token", baseUrl, fetch, maxRetries: 0, rateLimit: false }),
  errorCode: (body) => body?.error,
  operations,
  rules,
  live: {
    env: ["CRMKIT_LIVE_LEADCONNECTOR_TOKEN", "CRMKIT_LIVE_LEADCONNECTOR_LOCATION_ID"],
    upstream: () => "https://services.leadconnectorhq.com",
    client: ({ fetch, baseUrl, env }) => createLeadConnectorClient({ token: env.CRMKIT_LIVE_LEADCONNECTOR_TOKEN!, baseUrl, fetch, maxRetries: 0 }),
    cases: {
      "get-calendar-events": {
        needs: ["CRMKIT_LIVE_LEADCONNECTOR_CALENDAR_ID"],
        call: (c, env) =>
          c.GET("/calendars/events", {
            params: {
              query: {
                locationId: env.CRMKIT_LIVE_LEADCONNECTOR_LOCATION_ID!,
                calendarId: env.CRMKIT_LIVE_LEADCONNECTOR_CALENDAR_ID!,
                startTime: String(Date.now() - 7 * day),
                endTime: String(Date.now()),
              },
            },
          }),
      },
      "get-blocked-slots": {
        needs: ["CRMKIT_LIVE_LEADCONNECTOR_CALENDAR_ID"],
        call: (c, env) =>
          c.GET("/calendars/blocked-slots", {
            params: {
              query: {
                locationId: env.CRMKIT_LIVE_LEADCONNECTOR_LOCATION_ID!,
                calendarId: env.CRMKIT_LIVE_LEADCONNECTOR_CALENDAR_ID!,
                startTime: String(Date.now() - 7 * day),
                endTime: String(Date.now()),
              },
            },
          }),
      },
      "get-appointment": {
        needs: ["CRMKIT_LIVE_LEADCONNECTOR_EVENT_ID"],
        call: (c, env) => c.GET("/calendars/events/appointments/{eventId}", { params: { path: { eventId: env.CRMKIT_LIVE_LEADCONNECTOR_EVENT_ID! } } }),
      },
      "search-opportunity": {
        call: (c, env) => c.GET("/opportunities/search", { params: { query: { location_id: env.CRMKIT_LIVE_LEADCONNECTOR_LOCATION_ID!, limit: 5 } } }),
      },
      "get-pipelines": {
        call: (c, env) => c.GET("/opportunities/pipelines", { params: { query: { locationId: env.CRMKIT_LIVE_LEADCONNECTOR_LOCATION_ID! } } }),
      },
      "get-opportunity": {
        needs: ["CRMKIT_LIVE_LEADCONNECTOR_OPPORTUNITY_ID"],
        call: (c, env) => c.GET("/opportunities/{id}", { params: { path: { id: env.CRMKIT_LIVE_LEADCONNECTOR_OPPORTUNITY_ID! } } }),
      },
      ...notesAndSlotsLive, ...opportunityListsAndFollowersLive,
    },
  },
};
