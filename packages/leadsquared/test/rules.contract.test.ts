// Every rule the spec declares on request inputs, broken one at a time: Prism must reject the request naming the field.
import { ruleSuite } from "@crmkit/contract-testing";
import { leadSquaredContract } from "./cases.js";

ruleSuite(leadSquaredContract);
