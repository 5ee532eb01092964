// Every operation of the spec, called through the generated client; Prism validates each request, Ajv each response.
import { operationSuite } from "@crmkit/contract-testing";
import { oneLinkContract } from "./cases.js";

operationSuite(oneLinkContract);
