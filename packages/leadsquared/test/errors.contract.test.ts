// Every documented error status of every operation (Prism's `Prefer: code=<status>`), as the caller sees it.
import { errorSuite } from "@crmkit/contract-testing";
import { leadSquaredContract } from "./cases.js";

errorSuite(leadSquaredContract);
