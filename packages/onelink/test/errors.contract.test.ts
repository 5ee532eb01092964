// Every documented error status of every operation (Prism's `Prefer: code=<status>`), as the caller sees it.
import { errorSuite } from "@crmkit/contract-testing";
import { oneLinkContract } from "./cases.js";

errorSuite(oneLinkContract);
