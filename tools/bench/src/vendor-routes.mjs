// What each stand-in vendor answers in the throughput benchmark: the reschedule call crmkit makes for it, answered with
// the contract's own example, and the items (appointment ids) each accepted call carried.
import { responseExample } from "./spec-examples.mjs";

export const vendorServers = {
  leadconnector: {
    tooManyBody: { statusCode: 429, message: "Too Many Requests" },
    routes: () => {
      const json = responseExample("leadconnector", "edit-appointment");
      return [
        {
          name: "PUT appointment",
          method: "PUT",
          path: /^\/calendars\/events\/appointments\/([^/]+)$/,
          limits: ["burst"],
          respond: (m) => ({ json, items: [decodeURIComponent(m[1])] }),
        },
      ];
    },
  },
  leadsquared: {
    tooManyBody: { Status: "Error", ExceptionType: "MXAPIRateLimitExceededException", ExceptionMessage: "API calls exceeded the limit" },
    routes: () => {
      const accepted = responseExample("leadsquared", "bulkUpdateAppointmentTime", "accepted");
      let job = 0;
      return [
        {
          name: "POST BulkUpdateAppointmentTime",
          method: "POST",
          path: /^\/v2\/Task\.svc\/BulkUpdateAppointmentTime$/,
          limits: ["general", "bulk"],
          respond: (_m, body) => ({
            json: { ...accepted, Message: { ...accepted.Message, Id: String(++job) } },
            items: (body?.TaskList ?? []).map((t) => t.UserTaskId),
          }),
        },
      ];
    },
  },
  onelink: {
    tooManyBody: { error: "Retry later", code: "rate_limited" },
    routes: () => {
      const json = responseExample("onelink", "update-scheduling-appointment");
      return [
        {
          name: "PATCH appointment",
          method: "PATCH",
          path: /^\/api\/v1\/accounts\/(\d+)\/scheduling\/appointments\/(\d+)$/,
          limits: ["per-ip"],
          respond: (m) => ({ json, items: [m[2]] }),
        },
      ];
    },
  },
};
