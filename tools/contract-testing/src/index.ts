export * from "./example-operations.js";
export * from "./mocks.js";
export * from "./requests.js";
export * from "./rules.js";
export * from "./schemas.js";
export * from "./suites.js";
export * from "./violations.js";
