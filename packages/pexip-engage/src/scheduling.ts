// @crmkit/pexip-engage/scheduling: Pexip Engage has no appointments in its contract; its adapter carries the
// lead-segment scheduling settings instead.
import { ValidationError, unwrap } from "@crmkit/core";
import { type VendorAdapter, invalidResponse, requireText } from "@crmkit/core/scheduling";
import { createPexipEngageClient, type PexipEngageClient, type PexipEngageClientOptions, type components } from "./index.js";

type Schemas = components["schemas"];
export type MeetingType = Schemas["MeetingType"];
export type LeadSegmentSchedulingSettingInput = Schemas["LeadSegmentSchedulingSettingInput"];
export type LeadSegmentSchedulingSetting = Schemas["LeadSegmentSchedulingSetting"];

/** Client options (to create the client) or `{ client }` (one you made). */
export type PexipEngageAdapterOptions = PexipEngageClientOptions | { client: PexipEngageClient };

export interface PexipEngageAdapter extends VendorAdapter<"pexip-engage", PexipEngageClient> {
  /** PUT /lead-segments/{id}/scheduling-settings: replaces the segment's whole list; resolves to the resulting list. */
  readonly setLeadSegmentSchedulingSettings: (
    segmentId: string,
    settings: readonly LeadSegmentSchedulingSettingInput[],
    signal?: AbortSignal,
  ) => Promise<LeadSegmentSchedulingSetting[]>;
}

const meetingTypes: readonly string[] = ["OFFICE", "ON_LOCATION", "PHONE", "VIDEO"];

/** Pexip Engage for `createCrmkit({ pexipEngage: pexipEngageAdapter({ token, enterprise }) })`. */
export function pexipEngageAdapter(options: PexipEngageAdapterOptions): PexipEngageAdapter {
  const client = options && "client" in options ? options.client : createPexipEngageClient(options);
  if (typeof client?.PUT !== "function") throw new ValidationError("client", "must be a client from createPexipEngageClient");
  return {
    vendor: "pexip-engage",
    client,
    async setLeadSegmentSchedulingSettings(segmentId, settings, signal) {
      const id = requireText(segmentId, "segmentId", "a Pexip Engage lead segment id");
      if (!Array.isArray(settings)) throw new ValidationError("settings", "must be an array of { meetingType, subjectId }");
      const body = settings.map((setting, i): LeadSegmentSchedulingSettingInput => {
        if (!meetingTypes.includes(setting?.meetingType)) {
          throw new ValidationError(
            `settings[${i}].meetingType`,
            `must be one of ${meetingTypes.join(", ")}`,
            `Invalid settings[${i}].meetingType: ${JSON.stringify(setting?.meetingType)}; expected one of ${meetingTypes.join(", ")}`,
          );
        }
        return { meetingType: setting.meetingType, subjectId: requireText(setting.subjectId, `settings[${i}].subjectId`, "a Pexip Engage subject id") };
      });
      const data = await unwrap(client.PUT("/lead-segments/{id}/scheduling-settings", { params: { path: { id } }, body, signal }));
      if (!Array.isArray(data.data)) throw invalidResponse("pexip-engage", "updateLeadSegmentSchedulingSettings", `Pexip Engage returned no settings list for lead segment ${id}`, data);
      return data.data;
    },
  };
}
export { environment } from "./environment.js";
