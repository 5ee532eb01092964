// Contract cases for lost reasons, the advanced (POST) opportunity search and followers (merged into cases.ts).
import { removeBody, setBodyField, setQuery, viaClient, type LiveCase, type OperationCase, type RuleCase } from "@crmkit/contract-testing";
import type { LeadConnectorClient as C } from "../src/index.js";

const opportunityId = "yWQobCRIhRguQtD2llvk";
const followers = "/opportunities/{id}/followers" as const;
const searchBody = {
  locationId: "i2SpAtBVHSVea1sL6oah",
  query: "john@deo.com",
  limit: 20,
  page: 1,
  searchAfter: [],
  additionalDetails: { notes: false, tasks: false, calendarEvents: true, unReadConversations: false },
};

export const opportunityListsAndFollowersOperations = {
  "search-opportunities-advanced": (c, headers) => c.POST("/opportunities/search", { body: searchBody, headers }),
  "get-lost-reason": (c, headers) =>
    c.GET("/opportunities/lost-reason", { params: { query: { locationId: "ve9EPM428h8vShlRW1KT", skip: 0, limit: 10, getCount: true } }, headers }),
  "add-followers-opportunity": (c, headers) =>
    c.POST(followers, { params: { path: { id: opportunityId } }, body: { followers: ["Mx6wyHhbFdRXh302Luer", "Ka6wyHhbFdRXh302LLsA"] }, headers }),
  "remove-followers-opportunity": (c, headers) =>
    c.DELETE(followers, { params: { path: { id: opportunityId }, query: { isRemoveAllFollowers: false } }, body: { followers: ["Mx6wyHhbFdRXh302Luer"] }, headers }),
} satisfies Record<string, OperationCase<C>>;

const searchFields = ["locationId", "query", "limit", "page", "searchAfter", "additionalDetails"];
const detailFields = ["notes", "tasks", "calendarEvents", "unReadConversations"];

export const opportunityListsAndFollowersRules: RuleCase<C>[] = [
  ["search-opportunities-advanced", "required", "body", removeBody()],
  ...searchFields.map((name): RuleCase<C> => ["search-opportunities-advanced", "required", `body.${name}`, setBodyField(name, undefined)]),
  ...detailFields.map((name): RuleCase<C> => [
    "search-opportunities-advanced",
    "required",
    `body.additionalDetails.${name}`,
    setBodyField(`additionalDetails.${name}`, undefined),
  ]),

  ["get-lost-reason", "required", "query.locationId", setQuery("locationId", undefined)],

  ...(["add-followers-opportunity", "remove-followers-opportunity"] as const).flatMap((id): RuleCase<C>[] => [
    [id, "required", "body", removeBody()],
    [id, "required", "body.followers", setBodyField("followers", undefined)],
  ]),
  ["add-followers-opportunity", "minLength", "path.id", viaClient((c) => c.POST(followers, { params: { path: { id: "" } }, body: { followers: [] } }))],
  ["remove-followers-opportunity", "minLength", "path.id", viaClient((c) => c.DELETE(followers, { params: { path: { id: "" } }, body: { followers: [] } }))],
];

export const opportunityListsAndFollowersLive: Record<string, LiveCase<C>> = {
  "search-opportunities-advanced": {
    call: (c, env) => c.POST("/opportunities/search", { body: { ...searchBody, locationId: env.CRMKIT_LIVE_LEADCONNECTOR_LOCATION_ID!, query: "", limit: 5 } }),
  },
  "get-lost-reason": {
    call: (c, env) => c.GET("/opportunities/lost-reason", { params: { query: { locationId: env.CRMKIT_LIVE_LEADCONNECTOR_LOCATION_ID!, limit: 5 } } }),
  },
};
