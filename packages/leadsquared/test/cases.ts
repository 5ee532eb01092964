// LeadSquared's contract-test tables: one call per operation, one bad request per rule the spec declares on request
// inputs, one live call per read-only operation. The suites in @crmkit/contract-testing run them.
import {
  changes,
  removeBody,
  setBodyField,
  setQuery,
  type OperationCase,
  type RuleCase,
  type VendorContract,
} from "@crmkit/contract-testing";
import { createLeadSquaredClient, type LeadSquaredClient } from "../src/index.js";

type C = LeadSquaredClient;

const taskId = "0aa0b97c-a507-11e8-a43f-02742c1c8abe";
const ownerId = "3b1041fb-8374-11e7-8758-0a106ee76b21";
const leadId = "7e5b7380-4295-4af2-9706-941ab71be772";

const operations = {
  bulkUpdateAppointmentTime: (c, headers) =>
    c.POST("/v2/Task.svc/BulkUpdateAppointmentTime", {
      body: {
        TaskList: [
          { UserTaskId: taskId, FromDate: "2026-12-01 09:30:00", ToDate: "2026-12-01 10:00:00" },
          { UserTaskId: "22a3a4b4-a480-11e8-a43f-02742c1c8abe", FromDate: "2026-12-01 11:00:00", ToDate: "2026-12-01 11:30:00" },
        ],
        StatusWebhookURL: "https://hooks.example.com/leadsquared/bulk-status",
      },
      headers,
    }),
  createTask: (c, headers) =>
    c.POST("/v2/Task.svc/Create", {
      body: {
        Name: "Meeting",
        Description: "Meeting with Adam",
        RelatedEntity: 1,
        RelatedEntityId: leadId,
        DueDate: "2026-11-25 13:10:00",
        EndDate: "2026-11-25 13:15:00",
        Reminder: 30,
        ReminderBeforeDays: "1",
        ReminderTime: "10:00:00",
        NotifyBy: "1100",
        OwnerId: ownerId,
        Location: "Koramangala",
        TaskType: { Name: "Meeting" },
        CustomFields: { mx_Custom_1: "Meeting in Koramangala" },
      },
      headers,
    }),
  updateTask: (c, headers) =>
    c.POST("/v2/Task.svc/Update", {
      body: {
        UserTaskId: "04901f02-4d0c-11ec-993a-06f221480cd8",
        Name: "Document Collection",
        RelatedEntity: 1,
        RelatedEntityId: "6f75b09d-0187-45d6-86dd-f848bd5a0aca",
        DueDate: "2026-10-10 10:11:23",
        Reminder: 30,
        NotifyBy: "1100",
        OwnerId: "1a50c565-8525-11ea-a93b-0aa4c559f4ca",
      },
      headers,
    }),
  retrieveTasks: (c, headers) =>
    c.POST("/v2/Task.svc/Retrieve", {
      body: {
        Parameter: {
          LookupName: "OwnerEmailAddress",
          LookupValue: "owner@example.com",
          FromDate: "2026-05-09 18:30:00",
          ToDate: "2026-06-10 18:29:59",
          StatusCode: 0,
        },
        Columns: { Exclude_CSV: "ProspectID,FirstName" },
        Sorting: { ColumnName: "DueDate", Direction: "1" },
        Paging: { Offset: 0, RowCount: 200 },
      },
      headers,
    }),
  retrieveAppointmentsByUserId: (c, headers) =>
    c.POST("/v2/Task.svc/RetrieveAppointments/ByUserId", {
      body: { FromDate: "2026-08-25", ToDate: "2026-09-25", Users: [ownerId], Paging: { PageIndex: 1, PageSize: 200 } },
      headers,
    }),
  deleteTasks: (c, headers) =>
    c.POST("/v2/Task.svc/DeleteTasks", {
      body: { TaskIds: ["0017abfa-c100-11e5-9340-06c7eb5c8385", "003bf10c-317e-11e8-bf3d-069b743e848f"], StatusWebhookURL: "https://hooks.example.com/leadsquared/delete-status" },
      headers,
    }),
  getTaskById: (c, headers) => c.GET("/v2/Task.svc/Retrieve.GetById", { params: { query: { id: "cad802c2-0c01-11ed-b7fd-0218d8753a48" } }, headers }),
} satisfies Record<string, OperationCase<C>>;

type OperationId = keyof typeof operations;
const rule = (operationId: OperationId, name: string, field: string, bad: RuleCase<C>[3]): RuleCase<C> => [operationId, name, field, bad];
const notUtc = "2026-12-01T09:30:00Z";

// Create and Update share the owner, relation and date rules.
const taskRules = (id: "createTask" | "updateTask"): RuleCase<C>[] => [
  rule(id, "required", "body", removeBody()),
  rule(id, "enum", "body.RelatedEntity", setBodyField("RelatedEntity", 2)),
  rule(id, "pattern", "body.RelatedEntityId", setBodyField("RelatedEntityId", "lead-42")),
  rule(id, "pattern", "body.DueDate", setBodyField("DueDate", notUtc)),
  rule(id, "enum", "body.NotifyBy", setBodyField("NotifyBy", "1ooo")),
  rule(id, "format", "body.OwnerId", setBodyField("OwnerId", "owner-1")),
  rule(id, "format", "body.OwnerEmailAddress", changes(setBodyField("OwnerId", undefined), setBodyField("OwnerEmailAddress", "owner at example.com"))),
  rule(id, "mutually exclusive", "body.{OwnerId,OwnerEmailAddress}", setBodyField("OwnerEmailAddress", "owner@example.com")),
  rule(id, "required (if RelatedEntity is 1 or 5)", "body.RelatedEntityId", setBodyField("RelatedEntityId", undefined)),
  // An empty id passes the pattern (it is the "no relation" value) but not the rule for RelatedEntity 1.
  rule(id, "minLength (if RelatedEntity is 1 or 5)", "body.RelatedEntityId", setBodyField("RelatedEntityId", "")),
];

const rules: RuleCase<C>[] = [
  rule("bulkUpdateAppointmentTime", "required", "body", removeBody()),
  rule("bulkUpdateAppointmentTime", "required", "body.TaskList", setBodyField("TaskList", undefined)),
  rule("bulkUpdateAppointmentTime", "minItems", "body.TaskList", setBodyField("TaskList", [])),
  ...["UserTaskId", "FromDate", "ToDate"].map((name) =>
    rule("bulkUpdateAppointmentTime", "required", `body.TaskList[].${name}`, setBodyField(`TaskList.1.${name}`, undefined)),
  ),
  rule("bulkUpdateAppointmentTime", "format", "body.TaskList[].UserTaskId", setBodyField("TaskList.0.UserTaskId", "task-1")),
  rule("bulkUpdateAppointmentTime", "pattern", "body.TaskList[].FromDate", setBodyField("TaskList.0.FromDate", notUtc)),
  rule("bulkUpdateAppointmentTime", "pattern", "body.TaskList[].ToDate", setBodyField("TaskList.1.ToDate", "2026-12-01 11:30")),
  rule("bulkUpdateAppointmentTime", "format", "body.StatusWebhookURL", setBodyField("StatusWebhookURL", "hooks.example.com/status")),

  ...taskRules("createTask"),
  rule("createTask", "pattern", "body.EndDate", setBodyField("EndDate", "25/11/2026 13:15:00")),
  rule("createTask", "pattern", "body.ReminderBeforeDays", setBodyField("ReminderBeforeDays", "one")),
  rule("createTask", "minimum", "body.ReminderBeforeDays", setBodyField("ReminderBeforeDays", -1)),
  rule("createTask", "pattern", "body.ReminderTime", setBodyField("ReminderTime", "10:00")),
  rule("createTask", "required", "body.TaskType.Name", setBodyField("TaskType.Name", undefined)),
  rule("createTask", "minLength", "body.TaskType.Name", setBodyField("TaskType.Name", "")),

  ...taskRules("updateTask"),
  rule("updateTask", "required", "body.UserTaskId", setBodyField("UserTaskId", undefined)),
  rule("updateTask", "format", "body.UserTaskId", setBodyField("UserTaskId", "42")),

  rule("retrieveTasks", "required", "body", removeBody()),
  rule("retrieveTasks", "required", "body.Parameter", setBodyField("Parameter", undefined)),
  rule("retrieveTasks", "required", "body.Parameter.LookupName", setBodyField("Parameter.LookupName", undefined)),
  rule("retrieveTasks", "required", "body.Parameter.LookupValue", setBodyField("Parameter.LookupValue", undefined)),
  // The lower-case spelling third-party code sends (see the spec's "Sources disagree").
  rule("retrieveTasks", "enum", "body.Parameter.LookupName", setBodyField("Parameter.LookupName", "ownerEmailAddress")),
  rule("retrieveTasks", "minLength", "body.Parameter.LookupValue", setBodyField("Parameter.LookupValue", "")),
  rule("retrieveTasks", "pattern", "body.Parameter.FromDate", setBodyField("Parameter.FromDate", "2026-05-09")),
  rule("retrieveTasks", "pattern", "body.Parameter.ToDate", setBodyField("Parameter.ToDate", notUtc)),
  rule("retrieveTasks", "enum", "body.Parameter.StatusCode", setBodyField("Parameter.StatusCode", 2)),
  rule("retrieveTasks", "enum", "body.Sorting.Direction", setBodyField("Sorting.Direction", "desc")),
  rule("retrieveTasks", "minimum", "body.Paging.Offset", setBodyField("Paging.Offset", -1)),
  rule("retrieveTasks", "minimum", "body.Paging.RowCount", setBodyField("Paging.RowCount", 0)),

  rule("retrieveAppointmentsByUserId", "required", "body", removeBody()),
  ...["FromDate", "ToDate", "Users"].map((name) => rule("retrieveAppointmentsByUserId", "required", `body.${name}`, setBodyField(name, undefined))),
  rule("retrieveAppointmentsByUserId", "pattern", "body.FromDate", setBodyField("FromDate", "2026-08-25 00:00:00")),
  rule("retrieveAppointmentsByUserId", "pattern", "body.ToDate", setBodyField("ToDate", "25-09-2026")),
  rule("retrieveAppointmentsByUserId", "minItems", "body.Users", setBodyField("Users", [])),
  rule("retrieveAppointmentsByUserId", "format", "body.Users[]", setBodyField("Users.0", "vir@example.com")),
  rule("retrieveAppointmentsByUserId", "minimum", "body.Paging.PageIndex", setBodyField("Paging.PageIndex", 0)),
  rule("retrieveAppointmentsByUserId", "minimum", "body.Paging.PageSize", setBodyField("Paging.PageSize", 0)),

  rule("deleteTasks", "required", "body", removeBody()),
  rule("deleteTasks", "required", "body.TaskIds", setBodyField("TaskIds", undefined)),
  rule("deleteTasks", "minItems", "body.TaskIds", setBodyField("TaskIds", [])),
  rule("deleteTasks", "maxItems", "body.TaskIds", setBodyField("TaskIds", Array.from({ length: 5001 }, () => taskId))),
  rule("deleteTasks", "format", "body.TaskIds[]", setBodyField("TaskIds.1", "0017abfa")),
  rule("deleteTasks", "format", "body.StatusWebhookURL", setBodyField("StatusWebhookURL", "not a url")),

  rule("getTaskById", "required", "query.id", setQuery("id", undefined)),
  rule("getTaskById", "format", "query.id", setQuery("id", "12345")),
];

const day = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const leadSquaredContract: VendorContract<C> = {
  vendor: "leadsquared",
  client: ({ fetch, baseUrl }) =>
    createLeadSquaredClient({ accessKey: "u$test-access", secretKey: "test-secret", baseUrl, fetch, maxRetries: 0, rateLimit: false }),
  errorCode: (body) => body?.ExceptionType,
  errorsInSuccessBodies: true,
  operations,
  rules,
  live: {
    env: ["CRMKIT_LIVE_LEADSQUARED_ACCESS_KEY", "CRMKIT_LIVE_LEADSQUARED_SECRET_KEY", "CRMKIT_LIVE_LEADSQUARED_HOST"],
    upstream: (env) => `https://${env.CRMKIT_LIVE_LEADSQUARED_HOST}`,
    client: ({ fetch, baseUrl, env }) =>
      createLeadSquaredClient({
        accessKey: env.CRMKIT_LIVE_LEADSQUARED_ACCESS_KEY!,
        secretKey: env.CRMKIT_LIVE_LEADSQUARED_SECRET_KEY!,
        baseUrl,
        fetch,
        maxRetries: 0,
      }),
    cases: {
      retrieveTasks: {
        needs: ["CRMKIT_LIVE_LEADSQUARED_USER_ID"],
        call: (c, env) =>
          c.POST("/v2/Task.svc/Retrieve", {
            body: { Parameter: { LookupName: "OwnerId", LookupValue: env.CRMKIT_LIVE_LEADSQUARED_USER_ID! }, Paging: { Offset: 0, RowCount: 5 } },
          }),
      },
      retrieveAppointmentsByUserId: {
        needs: ["CRMKIT_LIVE_LEADSQUARED_USER_ID"],
        call: (c, env) =>
          c.POST("/v2/Task.svc/RetrieveAppointments/ByUserId", {
            body: {
              FromDate: isoDate(Date.now() - 30 * day),
              ToDate: isoDate(Date.now()),
              Users: [env.CRMKIT_LIVE_LEADSQUARED_USER_ID!],
              Paging: { PageIndex: 1, PageSize: 5 },
            },
          }),
      },
      getTaskById: {
        needs: ["CRMKIT_LIVE_LEADSQUARED_TASK_ID"],
        call: (c, env) => c.GET("/v2/Task.svc/Retrieve.GetById", { params: { query: { id: env.CRMKIT_LIVE_LEADSQUARED_TASK_ID! } } }),
      },
    },
  },
};
