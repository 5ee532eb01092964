// One-Link's contract-test tables: one call per operation, one bad request per rule the spec declares on request
// inputs, one live call per read-only operation. The suites in @crmkit/contract-testing run them.
import { removeBody, setBodyField, setQuery, type OperationCase, type RuleCase, type VendorContract } from "@crmkit/contract-testing";
import { createOneLinkClient, type OneLinkClient } from "../src/index.js";

type C = OneLinkClient;

const account = { account_id: 12 };
const appointment = { account_id: 12, id: 5123 };

const operations = {
  "list-scheduling-appointments": (c, headers) =>
    c.GET("/api/v1/accounts/{account_id}/scheduling/appointments", {
      params: {
        path: account,
        query: { from: "2025-03-10T00:00:00+05:00", to: "2025-03-17T00:00:00+05:00", resource_ids: "7,9", status: "scheduled,confirmed", payment_status: "awaiting_payment,prepaid" },
      },
      headers,
    }),
  "create-scheduling-appointment": (c, headers) =>
    c.POST("/api/v1/accounts/{account_id}/scheduling/appointments", {
      params: { path: account },
      body: {
        resource_id: 7,
        contact_id: 30418,
        service_id: 41,
        starts_at: "2025-03-10T10:00:00+05:00",
        ends_at: "2025-03-10T10:30:00+05:00",
        duration_min: 30,
        status: "scheduled",
        appointment_type: "primary",
        client_name: "Асет Хамзаулы",
        client_phone: "+77015554433",
        client_identifier: "940720300129",
        client_birth_date: "1994-07-20",
        external_ref: "crm-booking-2025-0310-001",
        idempotency_key: "3f7c9a2e-1b4d-4c8e-9f21-6a5d0e7b8c41",
        service_amount: 20000,
        prepaid_amount: 5000,
        prepaid_payment_method: "kaspi_qr",
        settlement_amount: 0,
        settlement_payment_method: "cash",
        payment_status: "prepaid",
        custom_attributes: { visit_reason: "Первичный осмотр" },
      },
      headers,
    }),
  "get-scheduling-appointment": (c, headers) => c.GET("/api/v1/accounts/{account_id}/scheduling/appointments/{id}", { params: { path: appointment }, headers }),
  "update-scheduling-appointment": (c, headers) =>
    c.PATCH("/api/v1/accounts/{account_id}/scheduling/appointments/{id}", {
      params: { path: appointment },
      body: {
        starts_at: "2025-03-10T10:30:00+05:00",
        ends_at: "2025-03-10T11:00:00+05:00",
        duration_min: 30,
        status: "confirmed",
        conversation_id: null,
        client_identifier: null,
        settlement_amount: 15000,
        settlement_payment_method: "card",
      },
      headers,
    }),
  "cancel-scheduling-appointment": (c, headers) =>
    c.POST("/api/v1/accounts/{account_id}/scheduling/appointments/{id}/cancel", { params: { path: appointment }, headers }),
} satisfies Record<string, OperationCase<C>>;

type OperationId = keyof typeof operations;
const rule = (operationId: OperationId, name: string, field: string, bad: RuleCase<C>[3]): RuleCase<C> => [operationId, name, field, bad];

// Create and update share every value rule; create also requires four fields.
const appointmentRules = (id: "create-scheduling-appointment" | "update-scheduling-appointment"): RuleCase<C>[] => [
  rule(id, "required", "body", removeBody()),
  rule(id, "format", "body.starts_at", setBodyField("starts_at", "10.03.2025 10:00")),
  rule(id, "format", "body.ends_at", setBodyField("ends_at", "2025-03-10 10:30")),
  rule(id, "minimum", "body.duration_min", setBodyField("duration_min", 4)),
  rule(id, "maximum", "body.duration_min", setBodyField("duration_min", 721)),
  rule(id, "enum", "body.status", setBodyField("status", "booked")),
  rule(id, "enum", "body.appointment_type", setBodyField("appointment_type", "follow_up")),
  rule(id, "minLength", "body.client_name", setBodyField("client_name", "")),
  rule(id, "minLength", "body.client_identifier", setBodyField("client_identifier", "")),
  rule(id, "format", "body.client_birth_date", setBodyField("client_birth_date", "20.07.1994")),
  rule(id, "minimum", "body.service_amount", setBodyField("service_amount", -1)),
  rule(id, "minimum", "body.prepaid_amount", setBodyField("prepaid_amount", -5000)),
  rule(id, "enum", "body.prepaid_payment_method", setBodyField("prepaid_payment_method", "crypto")),
  rule(id, "minimum", "body.settlement_amount", setBodyField("settlement_amount", -1)),
  rule(id, "enum", "body.settlement_payment_method", setBodyField("settlement_payment_method", "cheque")),
  rule(id, "enum", "body.payment_status", setBodyField("payment_status", "refunded")),
];

const rules: RuleCase<C>[] = [
  rule("list-scheduling-appointments", "format", "query.from", setQuery("from", "yesterday")),
  rule("list-scheduling-appointments", "format", "query.to", setQuery("to", "2025-03-17")),
  rule("list-scheduling-appointments", "pattern", "query.resource_ids", setQuery("resource_ids", "7;9")),
  rule("list-scheduling-appointments", "pattern", "query.status", setQuery("status", "scheduled,booked")),
  rule("list-scheduling-appointments", "pattern", "query.payment_status", setQuery("payment_status", "free")),

  ...appointmentRules("create-scheduling-appointment"),
  ...["resource_id", "starts_at", "ends_at", "client_name"].map((name) =>
    rule("create-scheduling-appointment", "required", `body.${name}`, setBodyField(name, undefined)),
  ),

  ...appointmentRules("update-scheduling-appointment"),
];

const day = 86_400_000;

export const oneLinkContract: VendorContract<C> = {
  vendor: "onelink",
  client: ({ fetch, baseUrl }) => createOneLinkClient({ apiAccessToken: "test-token", baseUrl, fetch, maxRetries: 0, rateLimit: false }),
  errorCode: (body) => body?.code,
  operations,
  rules,
  live: {
    env: ["CRMKIT_LIVE_ONELINK_TOKEN", "CRMKIT_LIVE_ONELINK_ACCOUNT_ID"],
    upstream: () => "https://one-link.kz",
    client: ({ fetch, baseUrl, env }) => createOneLinkClient({ apiAccessToken: env.CRMKIT_LIVE_ONELINK_TOKEN!, baseUrl, fetch, maxRetries: 0 }),
    cases: {
      "list-scheduling-appointments": {
        call: (c, env) =>
          c.GET("/api/v1/accounts/{account_id}/scheduling/appointments", {
            params: {
              path: { account_id: Number(env.CRMKIT_LIVE_ONELINK_ACCOUNT_ID) },
              query: { from: new Date(Date.now() - 7 * day).toISOString(), to: new Date().toISOString() },
            },
          }),
      },
      "get-scheduling-appointment": {
        needs: ["CRMKIT_LIVE_ONELINK_APPOINTMENT_ID"],
        call: (c, env) =>
          c.GET("/api/v1/accounts/{account_id}/scheduling/appointments/{id}", {
            params: { path: { account_id: Number(env.CRMKIT_LIVE_ONELINK_ACCOUNT_ID), id: Number(env.CRMKIT_LIVE_ONELINK_APPOINTMENT_ID) } },
          }),
      },
    },
  },
};
