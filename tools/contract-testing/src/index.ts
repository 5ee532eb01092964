export * from "./mocks.js";
export * from "./schemas.js";
export * from "./violations.js";
