import type { CrmkitError } from "../errors.js";
import type {
  CancelResult,
  CreateAppointmentInput,
  CreatedAppointment,
  FreeSlot,
  FreeSlotsQuery,
  ListAppointmentsOptions,
  ListAppointmentsQuery,
  SchedulingShapes,
} from "./appointment-loop.js";
import type { Instant } from "./time.js";

/**
 * One status set for every vendor (each adapter documents its mapping):
 * - `scheduled`: booked, not confirmed; `confirmed`; `completed`: took place; `cancelled`: will not take place;
 * - `no_show`; `unknown`: anything else the vendor sends (the original is in `raw`).
 */
export type AppointmentStatus = "scheduled" | "confirmed" | "completed" | "cancelled" | "no_show" | "unknown";

/** What to move, where to. `V` is the set of vendor ids a caller may name. */
export interface RescheduleInput<V extends string = string> {
  vendor: V;
  /** The vendor's appointment id (each adapter validates its form). */
  appointmentId: string | number;
  /** A `Date`, or an ISO 8601 string with an offset (`2026-03-08T09:30:00-05:00`). */
  start: Date | string;
  end: Date | string;
  /** Move an appointment (default) or a blocked slot, on vendors that have blocked slots. */
  kind?: "appointment" | "block-slot";
  /** Blocked slots: the account (location) they belong to; defaults to the adapter's. */
  locationId?: string;
  /** Blocked slots: the calendar, or `assignedUserId` (not both); defaults to the adapter's. */
  calendarId?: string;
  assignedUserId?: string;
}

/** A validated move, converted to the vendor's wire format; nothing has been sent. */
export interface PreparedMove<V extends string = string> {
  vendor: V;
  appointmentId: string;
  kind: "appointment" | "block-slot";
  start: Date;
  end: Date;
  /** The times exactly as they go to the vendor: ISO 8601 in the caller's offset, or the vendor's own format. */
  sent: { start: string; end: string };
  /** The vendor request (path parameters and body), for the adapter. */
  request: Record<string, unknown>;
}

export interface RescheduleResult<V extends string = string> extends PreparedMove<V> {
  /** Vendors that move asynchronously: id of the job that carries the move. */
  jobId?: string;
  /** The vendor's response body. */
  raw: unknown;
}

/** An appointment in one shape for every vendor. */
export interface Appointment<V extends string = string> {
  vendor: V;
  id: string;
  start: Date;
  end: Date;
  status: AppointmentStatus;
  // Each adapter documents where these come from in its vendor's record; a field the vendor does not give is absent.
  /** What it is called: its title, task name or service. */
  title?: string;
  /** The calendar it is on, or the resource (person, room) booked. */
  calendarId?: string;
  /** Who it is with: the vendor's contact or lead id. */
  contactId?: string;
  /** The user it is assigned to (its owner). */
  assignedUserId?: string;
  createdAt?: Date;
  updatedAt?: Date;
  /** The vendor's own record. */
  raw: unknown;
}

export interface RescheduleProgress {
  /** Items finished so far, failed ones included. */
  done: number;
  /** Items failed so far. */
  failed: number;
  total: number;
}

export type RescheduleOutcome<V extends string = string> =
  | { index: number; item: RescheduleInput<V>; ok: true; result: RescheduleResult<V> }
  | { index: number; item: RescheduleInput<V>; ok: false; error: CrmkitError };

export interface RescheduleManyOptions {
  /** Requests in flight at once per vendor. Default 4. The clients' rate limiters apply too. */
  concurrency?: number;
  /** Moves per bulk call, for vendors that move in bulk; default: the adapter's `chunkSize`. */
  chunkSize?: number;
  /** Called after every item that finishes (or fails). */
  onProgress?: (progress: RescheduleProgress) => void;
  /** Aborting fails every unfinished item with an AbortError; none is dropped. */
  signal?: AbortSignal;
}

/** What every vendor adapter is: its vendor id (the key `createCrmkit` files it under) and its client. */
export interface VendorAdapter<V extends string = string, Client = unknown> {
  readonly vendor: V;
  readonly client: Client;
}

/** A search window, validated: `from` inclusive, `to` exclusive. */
export interface TimeWindow {
  from: Instant;
  to: Instant;
}

/**
 * What `crm.scheduling` needs from a vendor whose contract has appointments. `S` holds the vendor's own filters and
 * booking fields. Every member is required: an operation the vendor's contract lacks rejects with NotSupportedError.
 */
export interface SchedulingAdapter<V extends string = string, Client = unknown, S extends SchedulingShapes = SchedulingShapes>
  extends VendorAdapter<V, Client> {
  /** Moves per vendor call: 1 for a vendor that moves one appointment per request, more for a bulk API. */
  readonly chunkSize: number;
  /** Validate an appointment id (throws ValidationError) and return it as the vendor writes it. */
  appointmentId(id: unknown): string;
  /** Validate and convert one move (throws ValidationError); vendor-specific checks and formats. */
  prepare(input: RescheduleInput<V>, range: { start: Instant; end: Instant }): PreparedMove<V>;
  /** Send prepared moves (at most `chunkSize`) and resolve to one result per move, in order. */
  send(moves: PreparedMove<V>[], signal?: AbortSignal): Promise<RescheduleResult<V>[]>;
  /** Read one appointment, normalized. */
  getAppointment(id: string, signal?: AbortSignal): Promise<Appointment<V>>;
  /**
   * The appointments that start in the window, normalized, following the vendor's pages. Checks the query at once
   * (throws ValidationError); sends nothing until iterated.
   */
  listAppointments(query: ListAppointmentsQuery<V> & S["list"], window: TimeWindow, options?: ListAppointmentsOptions): AsyncIterable<Appointment<V>>;
  /** Book an appointment (validates first); retried only where the vendor's contract makes a retry safe. */
  createAppointment(input: CreateAppointmentInput<V> & S["create"], range: { start: Instant; end: Instant }, signal?: AbortSignal): Promise<CreatedAppointment<V>>;
  /** Cancel one appointment (an id `appointmentId` validated) the way the vendor documents it. */
  cancelAppointment(id: string, signal?: AbortSignal): Promise<CancelResult<V>>;
  /** The free slots in the window, by start; NotSupportedError where the vendor documents no availability. */
  findFreeSlots(query: FreeSlotsQuery<V> & S["freeSlots"], window: TimeWindow, signal?: AbortSignal): Promise<FreeSlot[]>;
}

/** True for an adapter that implements the scheduling members (not only a vendor's own interface). */
export const isSchedulingAdapter = (adapter: VendorAdapter): adapter is SchedulingAdapter =>
  typeof (adapter as Partial<SchedulingAdapter>).prepare === "function" &&
  typeof (adapter as Partial<SchedulingAdapter>).getAppointment === "function";

/** Environment variables, as a command-line tool reads them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A filter `listAppointments` takes besides vendor, from and to, as a tool offers it (the CLI as `--calendar-id`). */
export interface ListFilter {
  /** The query field, e.g. `calendarId`. */
  readonly name: string;
  /** What it selects, for a tool's help. */
  readonly description: string;
  /** It takes several values (an array). */
  readonly many?: boolean;
}

/**
 * How a tool (the crmkit CLI, a cron job) configures a vendor's adapter from environment variables. Each vendor package
 * declares its own as `environment` on its `./scheduling` subpath, so a tool needs no list of vendors' variables.
 */
export interface AdapterEnvironment<A extends VendorAdapter = VendorAdapter> {
  readonly vendor: A["vendor"];
  /** Variables that must all be set to reach the real API (credentials, account). */
  readonly required: readonly string[];
  /** Optional settings (defaults for moves, a regional host, …). */
  readonly optional: readonly string[];
  /** The variable that points the vendor at another host: a proxy, a white-label host, a staging server. */
  readonly baseUrl: string;
  /** The filters its `listAppointments` takes, so a tool can offer and check them without naming the vendor. */
  readonly listFilters?: readonly ListFilter[];
  /**
   * The adapter. With `mock`, its credentials are placeholders (a contract mock checks only that they are there) and
   * vendor-side limits that a mock does not have are lifted; `env` still supplies settings.
   */
  create(env: Environment, target?: AdapterTarget): A;
}

/** Where a tool points an adapter: a mock, another host, its own transport. */
export interface AdapterTarget {
  mock?: boolean;
  baseUrl?: string;
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * The client options a target sets: its host and transport when given, and against a mock no rate limit (the client's,
 * the vendor's documented one, is lifted with it).
 */
export const targetOptions = ({ mock, baseUrl, fetch }: AdapterTarget): { baseUrl?: string; fetch?: AdapterTarget["fetch"]; rateLimit?: false } => ({
  ...(baseUrl ? { baseUrl } : {}),
  ...(fetch ? { fetch } : {}),
  ...(mock ? { rateLimit: false as const } : {}),
});

/** A variable's value, trimmed; undefined when unset or blank. */
export const setting = (env: Environment, name: string): string | undefined => env[name]?.trim() || undefined;
/** A credential: a placeholder against a mock, else the variable's value (a tool checks `required` first). */
export const credential = (env: Environment, name: string, mock: boolean | undefined): string =>
  mock ? `mock-${name.toLowerCase()}` : (setting(env, name) ?? "");
