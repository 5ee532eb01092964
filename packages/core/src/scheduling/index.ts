// @crmkit/core/scheduling: the one appointment model and the adapter interface every vendor package implements.
export * from "./types.js";
export * from "./appointment-loop.js";
export * from "./time.js";
export * from "./helpers.js";
export * from "./errors.js";
export * from "./confirm.js";
// for adapters that poll (confirming moves): one listener per caller signal, as the client keeps
export { sleep } from "../abort.js";
