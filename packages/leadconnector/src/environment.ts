import type { AdapterEnvironment } from "@crmkit/core/scheduling";
import { credential, setting, targetOptions } from "@crmkit/core/scheduling";
import { type LeadConnectorAdapter, leadConnectorAdapter } from "./scheduling/adapter.js";

/** HighLevel from the environment: a location token, and the defaults block-slot moves need. */
export const environment: AdapterEnvironment<LeadConnectorAdapter> = {
  vendor: "leadconnector",
  required: ["HIGHLEVEL_TOKEN"],
  optional: ["HIGHLEVEL_LOCATION_ID", "HIGHLEVEL_CALENDAR_ID", "HIGHLEVEL_SLOT_MINUTES"],
  baseUrl: "HIGHLEVEL_BASE_URL",
  listFilters: [
    { name: "locationId", description: "the location (sub-account); default HIGHLEVEL_LOCATION_ID" },
    { name: "calendarId", description: "a calendar's events; without calendarId, userId or groupId: HIGHLEVEL_CALENDAR_ID" },
    { name: "userId", description: "a user's events" },
    { name: "groupId", description: "a calendar group's events" },
  ],
  create: (env, target = {}) =>
    leadConnectorAdapter({
      token: credential(env, "HIGHLEVEL_TOKEN", target.mock),
      locationId: setting(env, "HIGHLEVEL_LOCATION_ID"),
      calendarId: setting(env, "HIGHLEVEL_CALENDAR_ID"),
      ...(setting(env, "HIGHLEVEL_SLOT_MINUTES") ? { slotMinutes: Number(setting(env, "HIGHLEVEL_SLOT_MINUTES")) } : {}),
      ...targetOptions(target),
    }),
};
