// The case tables against the spec: a missing operation, rule or live case fails here, naming it.
import { coverageSuite } from "@crmkit/contract-testing";
import { pexipEngageContract } from "./cases.js";

coverageSuite(pexipEngageContract);
