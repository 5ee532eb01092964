// Free slots: GET /calendars/{calendarId}/free-slots, whose answer is slot start times grouped by day.
import { AbortError, unwrap } from "@crmkit/core";
import { type FreeSlot, type FreeSlotsQuery, type TimeWindow, inWindow, invalidResponse, optionalText, parseVendorIso, positiveInteger, requireText, splitWindow } from "@crmkit/core/scheduling";
import type { LeadConnectorContext } from "./adapter.js";

/** findFreeSlots' HighLevel filters. */
export interface LeadConnectorFreeSlotFilters {
  /** The calendar; default: the adapter's `calendarId`. */
  calendarId?: string;
  /** Only this user's free slots. */
  userId?: string;
  /** Length of the calendar's slots in minutes (each slot's `end`); default: the adapter's `slotMinutes`. */
  slotMinutes?: number;
}

/** HighLevel refuses a window longer than 31 days; a longer one is asked for in 31-day parts. */
const MAX_WINDOW_MS = 31 * 86_400_000;

export async function freeSlots(
  { client, settings }: LeadConnectorContext,
  query: FreeSlotsQuery<"leadconnector"> & LeadConnectorFreeSlotFilters,
  window: TimeWindow,
  signal?: AbortSignal,
): Promise<FreeSlot[]> {
  const calendarId = requireText(query.calendarId ?? settings.calendarId, "calendarId", "a HighLevel calendar id (in the query or leadConnectorAdapter({ calendarId }))");
  const slotMinutes = positiveInteger(
    query.slotMinutes ?? settings.slotMinutes,
    "slotMinutes",
    "the calendar's slot length in whole minutes (in the query or leadConnectorAdapter({ slotMinutes })): HighLevel answers with start times only",
  );
  const userId = optionalText(query.userId, "userId");
  const starts = new Map<number, Date>();
  for (const part of splitWindow(window, MAX_WINDOW_MS)) {
    if (signal?.aborted) throw new AbortError("Aborted");
    const params = {
      path: { calendarId },
      query: { startDate: part.from.ms, endDate: part.to.ms, ...(query.timezone ? { timezone: query.timezone } : {}), ...(userId ? { userId } : {}) },
    };
    const data = await unwrap(client.GET("/calendars/{calendarId}/free-slots", { params, signal }));
    if (typeof data !== "object" || data === null) throw invalidResponse("leadconnector", "get-slots", "HighLevel returned no free-slot map", data);
    // Days map to `{ slots: [...] }`; anything else in the body (a trace id) is not a day.
    for (const day of Object.values(data as Record<string, unknown>)) {
      const slots = (day as { slots?: unknown } | null)?.slots;
      if (!Array.isArray(slots)) continue;
      for (const slot of slots) {
        const start = parseVendorIso(slot);
        if (!start) throw invalidResponse("leadconnector", "get-slots", `HighLevel returned a free slot that is not an ISO 8601 date-time: ${JSON.stringify(slot)}`, data);
        // Only the slots in the part asked for: the parts do not overlap, so no slot counts twice.
        if (inWindow(part, start)) starts.set(start.getTime(), start);
      }
    }
  }
  return [...starts.values()].sort((a, b) => a.getTime() - b.getTime()).map((start) => ({ start, end: new Date(start.getTime() + slotMinutes * 60_000) }));
}
