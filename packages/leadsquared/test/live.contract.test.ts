// Opt-in: read-only operations against the real API through `prism proxy` (skipped without credentials).
import { liveSuite } from "@crmkit/contract-testing";
import { leadSquaredContract } from "./cases.js";

liveSuite(leadSquaredContract);
