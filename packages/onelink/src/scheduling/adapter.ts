import { ValidationError, unwrap } from "@crmkit/core";
import { NotSupportedError, type SchedulingAdapter, isoMove, onlyAppointments, positiveInteger, result, sendEach } from "@crmkit/core/scheduling";
import { createOneLinkClient, type OneLinkClient, type OneLinkClientOptions } from "../index.js";
import { type OneLinkBookingFields, type OneLinkListFilters, appointmentMembers } from "./appointments.js";

export { oneLinkStatus } from "./appointments.js";
export type { OneLinkBookingFields, OneLinkListFilters };

export interface OneLinkAdapterSettings {
  /** The numeric One-Link account id in `/api/v1/accounts/{account_id}/…`. */
  accountId: number | string;
}

/** Client options (to create the client) or `{ client }` (one you made), plus the account id. */
export type OneLinkAdapterOptions = (OneLinkClientOptions | { client: OneLinkClient }) & OneLinkAdapterSettings;

export type OneLinkAdapter = SchedulingAdapter<"onelink", OneLinkClient, { list: OneLinkListFilters; create: OneLinkBookingFields; freeSlots: object }>;

/** What the appointment members work with. */
export interface OneLinkContext {
  client: OneLinkClient;
  account: number;
}

/** One-Link for `createCrmkit({ onelink: oneLinkAdapter({ apiAccessToken, accountId }) })`. */
export function oneLinkAdapter(options: OneLinkAdapterOptions): OneLinkAdapter {
  const { accountId, ...clientOptions } = options ?? ({} as OneLinkAdapterOptions);
  const account = positiveInteger(accountId, "accountId", "the One-Link account id (a positive integer)", true);
  const client = "client" in clientOptions ? clientOptions.client : createOneLinkClient(clientOptions);
  if (typeof client?.PATCH !== "function") throw new ValidationError("client", "must be a client from createOneLinkClient");
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
      const params = { path: { account_id: account, id: Number(move.appointmentId) } };
      const raw = await unwrap(client.PATCH("/api/v1/accounts/{account_id}/scheduling/appointments/{id}", { params, body: { starts_at, ends_at }, signal }));
      return result(move, raw);
    }),
    ...appointmentMembers({ client, account }),
    async findFreeSlots() {
      throw new NotSupportedError("onelink", "findFreeSlots", "One-Link's contract documents no availability or free slots");
    },
  };
}
