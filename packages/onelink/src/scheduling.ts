// @crmkit/onelink/scheduling: One-Link appointments for crmkit's scheduling facade.
import { ValidationError, unwrap } from "@crmkit/core";
import {
  type SchedulingAdapter,
  invalidResponse,
  isoMove,
  mapStatus,
  onlyAppointments,
  parseVendorIso,
  positiveInteger,
  result,
  sendEach,
} from "@crmkit/core/scheduling";
import { createOneLinkClient, type OneLinkClient, type OneLinkClientOptions } from "./index.js";

export interface OneLinkAdapterSettings {
  /** The numeric One-Link account id in `/api/v1/accounts/{account_id}/…`. */
  accountId: number | string;
}

/** Client options (to create the client) or `{ client }` (one you made), plus the account id. */
export type OneLinkAdapterOptions = (OneLinkClientOptions | { client: OneLinkClient }) & OneLinkAdapterSettings;

export type OneLinkAdapter = SchedulingAdapter<"onelink", OneLinkClient>;

/** One-Link's statuses are crmkit's own set; anything else is `unknown`. */
export const oneLinkStatus = (status: unknown) =>
  mapStatus({ scheduled: "scheduled", confirmed: "confirmed", completed: "completed", cancelled: "cancelled", no_show: "no_show" }, status);

/** One-Link for `createCrmkit({ onelink: oneLinkAdapter({ apiAccessToken, accountId }) })`. */
export function oneLinkAdapter(options: OneLinkAdapterOptions): OneLinkAdapter {
  const { accountId, ...clientOptions } = options ?? ({} as OneLinkAdapterOptions);
  const account = positiveInteger(accountId, "accountId", "the One-Link account id (a positive integer)", true);
  const client = "client" in clientOptions ? clientOptions.client : createOneLinkClient(clientOptions);
  if (typeof client?.PATCH !== "function") throw new ValidationError("client", "must be a client from createOneLinkClient");
  const path = (id: string) => ({ path: { account_id: account, id: Number(id) } });
  const appointmentId = (id: unknown) => String(positiveInteger(id, "appointmentId", "a One-Link appointment id (a positive integer)", true));

  return {
    vendor: "onelink",
    client,
    appointmentId,
    prepare(input, range) {
      onlyAppointments("onelink", input);
      const move = isoMove("onelink", input, appointmentId(input.appointmentId), range);
      return { ...move, request: { starts_at: move.sent.start, ends_at: move.sent.end } };
    },
    chunkSize: 1,
    send: sendEach(async (move, signal) => {
      const { starts_at, ends_at } = move.request as { starts_at: string; ends_at: string };
      const raw = await unwrap(
        client.PATCH("/api/v1/accounts/{account_id}/scheduling/appointments/{id}", { params: path(move.appointmentId), body: { starts_at, ends_at }, signal }),
      );
      return result(move, raw);
    }),
    async getAppointment(id, signal) {
      const data = await unwrap(client.GET("/api/v1/accounts/{account_id}/scheduling/appointments/{id}", { params: path(id), signal }));
      const appointment = data.payload,
        start = parseVendorIso(appointment?.starts_at),
        end = parseVendorIso(appointment?.ends_at);
      if (!appointment || !start || !end) {
        throw invalidResponse("onelink", "get-scheduling-appointment", `One-Link returned appointment ${id} without ISO 8601 starts_at and ends_at`, data);
      }
      return { vendor: "onelink", id: String(appointment.id ?? id), start, end, status: oneLinkStatus(appointment.status), raw: appointment };
    },
  };
}

export { environment } from "./environment.js";
