// Opt-in: read-only operations against the real API through `prism proxy` (skipped without credentials).
import { liveSuite } from "@crmkit/contract-testing";
import { leadConnectorContract } from "./cases.js";

liveSuite(leadConnectorContract);
