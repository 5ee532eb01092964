// crmkit demo [--mock]: a day of scheduling work through the facade, against the mock servers or the real APIs.
import { parseArgs } from "node:util";
import type { CreatedAppointment, Crmkit, RescheduleInput } from "crmkit";
import { LEADSQUARED_DEFAULT_CHUNK_SIZE } from "crmkit/leadsquared";
import { type Target, connect, credentialVariables, hasCredentials } from "./env.js";
import { progressReporter } from "./progress.js";
import type { CliIo } from "./bulk-command.js";

/** What the demo acts on in a live account (besides the credentials): it changes these records. */
export const demoVariables: Record<string, readonly string[]> = {
  leadconnector: [
    "CRMKIT_DEMO_HIGHLEVEL_APPOINTMENT_ID",
    "CRMKIT_DEMO_HIGHLEVEL_OPPORTUNITY_ID",
    "CRMKIT_DEMO_HIGHLEVEL_STAGE_ID",
    "CRMKIT_DEMO_HIGHLEVEL_LOCATION_ID",
    "CRMKIT_DEMO_HIGHLEVEL_CALENDAR_ID",
    "CRMKIT_DEMO_HIGHLEVEL_CONTACT_ID",
  ],
  leadsquared: ["CRMKIT_DEMO_LSQ_TASK_IDS", "CRMKIT_DEMO_LSQ_OWNER_ID", "CRMKIT_DEMO_LSQ_TASK_TYPE"],
  onelink: ["CRMKIT_DEMO_ONELINK_APPOINTMENT_ID", "CRMKIT_DEMO_ONELINK_RESOURCE_ID"],
  "pexip-engage": ["CRMKIT_DEMO_PEXIP_SEGMENT_ID", "CRMKIT_DEMO_PEXIP_SUBJECT_ID"],
};

// Ids from the contracts' examples: the static mock servers answer with those records.
// The demo's day is a script for these vendors (the ones with demo records).
const allVendors = Object.keys(demoVariables);

const mockIds = {
  CRMKIT_DEMO_HIGHLEVEL_APPOINTMENT_ID: "0TkCdp9PfvLeWKYRRvIz",
  CRMKIT_DEMO_HIGHLEVEL_OPPORTUNITY_ID: "yWQobCRIhRguQtD2llvk",
  CRMKIT_DEMO_HIGHLEVEL_STAGE_ID: "7915dedc-8f18-44d5-8bc3-77c04e994a10",
  CRMKIT_DEMO_HIGHLEVEL_LOCATION_ID: "C2QujeCh8ZnC7al2InWR",
  CRMKIT_DEMO_HIGHLEVEL_CALENDAR_ID: "CVokAlI8fgw4WYWoCtQz",
  CRMKIT_DEMO_HIGHLEVEL_CONTACT_ID: "0007BWpSzSwfiuSl0tR2",
  CRMKIT_DEMO_LSQ_OWNER_ID: "3b1041fb-8374-11e7-8758-0a106ee76b21",
  CRMKIT_DEMO_LSQ_TASK_TYPE: "Meeting",
  CRMKIT_DEMO_ONELINK_APPOINTMENT_ID: "5123",
  CRMKIT_DEMO_ONELINK_RESOURCE_ID: "7",
  CRMKIT_DEMO_PEXIP_SEGMENT_ID: "123",
  CRMKIT_DEMO_PEXIP_SUBJECT_ID: "123",
  // 200 appointments for the bulk step; the first is also moved on its own
  CRMKIT_DEMO_LSQ_TASK_IDS: Array.from({ length: 200 }, (_, i) => `0aa0b97c-a507-11e8-a43f-${(0x02742c1c0000 + i).toString(16).padStart(12, "0")}`).join(","),
};

export const demoUsage = `usage: crmkit demo [--mock]

Runs a day of scheduling work through crmkit: lists tomorrow's appointments, reads and moves appointments on HighLevel,
LeadSquared and One-Link, bulk-moves 200 LeadSquared appointments, finds HighLevel's free slots, books an appointment on
each vendor then moves and cancels it, moves a HighLevel opportunity to a new stage, and replaces a Pexip Engage lead
segment's scheduling settings, then prints a results table.

Each vendor runs against the real API when its credentials and the records to change are in the environment, and
against a local Prism mock server (@crmkit/mock) otherwise; --mock uses the mocks for every vendor.
${allVendors.map((v) => `  ${v.padEnd(14)} ${[...credentialVariables[v]!.required, ...(demoVariables[v] ?? [])].join(", ")}`).join("\n")}
CRMKIT_DEMO_LSQ_TASK_IDS is a comma-separated list of UserTaskIds: the first is moved on its own, all in bulk.
`;

interface Step {
  step: string;
  vendor: string;
  result: string;
  ok: boolean;
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const short = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";

export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  let forceMock: boolean;
  try {
    const { values } = parseArgs({ args, options: { mock: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } } });
    if (values.help) return io.stdout.write(demoUsage), 0;
    forceMock = values.mock;
  } catch (error) {
    io.stderr.write(`crmkit demo: ${(error as Error).message}\n\n${demoUsage}`);
    return 2;
  }
  const out = (line = "") => io.stdout.write(line + "\n");
  const started = Date.now();

  // Live only with both the credentials and the records to change: credentials alone never touch real data.
  const live = (v: string) => !forceMock && hasCredentials(io.env, v) && (demoVariables[v] ?? []).every((name) => !!io.env[name]?.trim());
  for (const v of allVendors) {
    if (!forceMock && hasCredentials(io.env, v) && !live(v)) out(`note: ${v} credentials are set but ${(demoVariables[v] ?? []).join(", ")} are not: using the mock`);
  }
  const mocked = allVendors.filter((v) => !live(v));
  const ids = (name: keyof typeof mockIds, vendor: string) => (live(vendor) ? io.env[name]!.trim() : mockIds[name]);

  out(mocked.length ? `crmkit demo: starting mock servers for ${mocked.join(", ")}…` : "crmkit demo: every vendor live, no mock servers");
  const servers = mocked.length ? await (await import("@crmkit/mock")).startMocks(mocked) : [];
  try {
    const targets = Object.fromEntries(
      allVendors.map((v): [string, Target] => {
        const server = servers.find((s) => s.vendor === v);
        return [v, server ? { kind: "mock", url: server.url } : { kind: "live" }];
      }),
    );
    for (const v of allVendors) {
      const target = targets[v]!;
      out(`  ${v.padEnd(14)} ${target.kind === "live" ? "real API (credentials from the environment)" : `mock server ${target.url}`}`);
    }
    if (!live("leadsquared")) out(`  LeadSquared bulk limit (1 call per 5 s) lifted for the mock: ${LEADSQUARED_DEFAULT_CHUNK_SIZE} moves per bulk call, no wait`);
    if (servers.length) out("  the static mocks answer with the contracts' examples, so the records read and returned are those examples");
    out();

    const { crm } = connect(io.env, targets, io.fetch);
    const steps = await runDay(crm, io, ids);
    out();
    out(table(steps.map((s) => [s.ok ? "ok" : "FAILED", s.vendor, targets[s.vendor]!.kind, s.step, s.result]), ["", "vendor", "via", "step", "result"]));
    const failed = steps.filter((s) => !s.ok).length;
    out();
    out(`crmkit demo: ${steps.length - failed} of ${steps.length} steps ok in ${((Date.now() - started) / 1000).toFixed(1)} s` + (servers.length ? "; stopping the mock servers" : ""));
    return failed ? 1 : 0;
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

async function runDay(crm: Crmkit, io: CliIo, ids: (name: keyof typeof mockIds, vendor: string) => string): Promise<Step[]> {
  const steps: Step[] = [];
  const signal = io.signal; // Ctrl-C: the remaining calls fail at once and the mock servers are stopped
  const step = async (name: string, vendor: string, work: () => Promise<string>) => {
    try {
      steps.push({ step: name, vendor, ok: true, result: await work() });
    } catch (error) {
      steps.push({ step: name, vendor, ok: false, result: `${(error as Error).name}: ${(error as Error).message}` });
    }
  };
  const tomorrow = day(1);
  const lsqIds = ids("CRMKIT_DEMO_LSQ_TASK_IDS", "leadsquared").split(",").map((id) => id.trim()).filter(Boolean);
  const morning: RescheduleInput[] = [
    // A clinic in Almaty (UTC+5), a sales team in India (UTC+5:30), and LeadSquared, which keeps UTC: one call.
    { vendor: "onelink", appointmentId: ids("CRMKIT_DEMO_ONELINK_APPOINTMENT_ID", "onelink"), start: `${tomorrow}T10:30:00+05:00`, end: `${tomorrow}T11:00:00+05:00` },
    { vendor: "leadconnector", appointmentId: ids("CRMKIT_DEMO_HIGHLEVEL_APPOINTMENT_ID", "leadconnector"), start: `${tomorrow}T15:00:00+05:30`, end: `${tomorrow}T15:45:00+05:30` },
    { vendor: "leadsquared", appointmentId: lsqIds[0]!, start: new Date(`${tomorrow}T09:00:00Z`), end: new Date(`${tomorrow}T09:30:00Z`) },
  ];

  // The day's agenda on each vendor: tomorrow's appointments, the listings' pages followed as they are read.
  const tomorrowWindow = { from: `${tomorrow}T00:00:00Z`, to: `${day(2)}T00:00:00Z` };
  const agendas = [
    { vendor: "leadconnector", ...tomorrowWindow, locationId: ids("CRMKIT_DEMO_HIGHLEVEL_LOCATION_ID", "leadconnector"), calendarId: ids("CRMKIT_DEMO_HIGHLEVEL_CALENDAR_ID", "leadconnector") },
    { vendor: "leadsquared", ...tomorrowWindow, userId: ids("CRMKIT_DEMO_LSQ_OWNER_ID", "leadsquared") },
    { vendor: "onelink", ...tomorrowWindow, resourceId: ids("CRMKIT_DEMO_ONELINK_RESOURCE_ID", "onelink") },
  ] as const;
  for (const query of agendas) {
    await step("list tomorrow's appointments", query.vendor, async () => {
      const found: string[] = [];
      for await (const a of crm.scheduling.listAppointments(query, { signal })) found.push(`${a.id} ${a.status} ${short(a.start)}`);
      return `${found.length} listed${found.length ? `: ${found.slice(0, 2).join("; ")}${found.length > 2 ? "; …" : ""}` : ""}`;
    });
  }

  for (const { vendor, appointmentId } of morning) {
    await step(`read appointment ${appointmentId}`, vendor, async () => {
      const a = await crm.scheduling.getAppointment({ vendor, appointmentId }, { signal });
      return `${a.status}, ${short(a.start)} → ${short(a.end)}`;
    });
  }

  const outcomes = await crm.scheduling.rescheduleMany(morning, { signal });
  for (const o of outcomes) {
    steps.push({
      step: `reschedule ${o.item.appointmentId}`,
      vendor: o.item.vendor,
      ok: o.ok,
      result: o.ok ? `sent ${o.result.sent.start} → ${o.result.sent.end}${o.result.jobId ? ` (job ${o.result.jobId})` : ""}` : `${o.error.name}: ${o.error.message}`,
    });
  }

  // The afternoon's bulk: every LeadSquared appointment moves a week out, same time of day.
  await step(`bulk reschedule ${lsqIds.length} appointments`, "leadsquared", async () => {
    const week = day(7);
    const moves = lsqIds.map((appointmentId, i): RescheduleInput => {
      const start = new Date(`${week}T08:00:00Z`).getTime() + (i % 16) * 30 * 60_000;
      return { vendor: "leadsquared", appointmentId, start: new Date(start), end: new Date(start + 30 * 60_000) };
    });
    io.stdout.write(`bulk: ${moves.length} LeadSquared moves in calls of ${LEADSQUARED_DEFAULT_CHUNK_SIZE}\n`);
    const progress = progressReporter(io.stdout, "bulk", moves.length);
    const results = await crm.scheduling.rescheduleMany(moves, { onProgress: progress.update, signal }).finally(() => progress.stop());
    const failed = results.filter((r) => !r.ok);
    const jobs = new Set(results.flatMap((r) => (r.ok && r.result.jobId ? [r.result.jobId] : [])));
    if (failed.length) throw Object.assign(new Error(`${failed.length} of ${moves.length} failed; first: ${(failed[0] as { error: Error }).error.message}`), { name: "BulkFailed" });
    return `${moves.length} moved in ${Math.ceil(moves.length / LEADSQUARED_DEFAULT_CHUNK_SIZE)} bulk calls (job ids: ${[...jobs].join(", ")})`;
  });

  // The loop on a new appointment: find a free slot (HighLevel), book, move an hour later, cancel.
  let slot = { start: new Date(`${tomorrow}T10:00:00Z`), end: new Date(`${tomorrow}T10:30:00Z`) };
  await step("find free slots tomorrow", "leadconnector", async () => {
    const slots = await crm.scheduling.findFreeSlots({ ...agendas[0], slotMinutes: 30 }, { signal });
    if (slots[0]) slot = slots[0];
    return slots.length ? `${slots.length} free slots of 30 min; booking the first, ${short(slot.start)}` : `none in the window; booking ${short(slot.start)}`;
  });
  const bookings = [
    { vendor: "leadconnector", ...slot, title: "crmkit demo", locationId: agendas[0].locationId, calendarId: agendas[0].calendarId, contactId: ids("CRMKIT_DEMO_HIGHLEVEL_CONTACT_ID", "leadconnector") },
    { vendor: "leadsquared", ...slot, title: "crmkit demo", taskType: ids("CRMKIT_DEMO_LSQ_TASK_TYPE", "leadsquared"), assignedUserId: agendas[1].userId },
    { vendor: "onelink", ...slot, resourceId: agendas[2].resourceId, clientName: "crmkit demo" },
  ] as const;
  for (const booking of bookings) {
    const { vendor } = booking;
    let booked: CreatedAppointment | undefined;
    await step("book an appointment", vendor, async () => {
      booked = await crm.scheduling.createAppointment(booking, { signal });
      return `booked ${booked.id}, ${short(booked.start)} → ${short(booked.end)}${booked.idempotencyKey ? ` (idempotency key ${booked.idempotencyKey})` : ""}`;
    });
    if (!booked) continue;
    const { id } = booked;
    await step(`move booked appointment ${id}`, vendor, async () => {
      const hour = 3_600_000;
      const moved = await crm.scheduling.reschedule({ vendor, appointmentId: id, start: new Date(slot.start.getTime() + hour), end: new Date(slot.end.getTime() + hour) }, { signal });
      return `sent ${moved.sent.start} → ${moved.sent.end}${moved.jobId ? ` (job ${moved.jobId})` : ""}`;
    });
    await step(`cancel booked appointment ${id}`, vendor, async () => {
      const cancelled = await crm.scheduling.cancelAppointment({ vendor, appointmentId: id }, { signal });
      return `cancelled (${cancelled.via})${cancelled.jobId ? `, job ${cancelled.jobId}` : ""}`;
    });
  }

  await step("move opportunity to a new stage", "leadconnector", async () => {
    const opportunity = await crm.scheduling.moveOpportunity({
      id: ids("CRMKIT_DEMO_HIGHLEVEL_OPPORTUNITY_ID", "leadconnector"),
      pipelineStageId: ids("CRMKIT_DEMO_HIGHLEVEL_STAGE_ID", "leadconnector"),
      status: "open",
    }, { signal });
    return `"${opportunity.name ?? opportunity.id}" answered with stage ${opportunity.pipelineStageId}, status ${opportunity.status}`;
  });

  await step("replace lead segment scheduling settings", "pexip-engage", async () => {
    const subjectId = ids("CRMKIT_DEMO_PEXIP_SUBJECT_ID", "pexip-engage");
    const settings = await crm.scheduling.setLeadSegmentSchedulingSettings(ids("CRMKIT_DEMO_PEXIP_SEGMENT_ID", "pexip-engage"), [
      { meetingType: "VIDEO", subjectId },
      { meetingType: "OFFICE", subjectId },
    ], { signal });
    return `segment now offers ${settings.map((s) => `${s.meetingType} (subject ${s.subject.id})`).join(", ")}`;
  });
  return steps;
}

/** A plain aligned table; cells are cut to keep a line on a normal terminal. */
function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows].map((r) => r.map((c) => (c.length > 90 ? c.slice(0, 89) + "…" : c)));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(all[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n");
}
