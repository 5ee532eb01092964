import type { VendorDefinition } from "./types.js";

const DEFAULT_REQUEST_ID_HEADERS = ["x-request-id"];

/** The vendor's request/correlation id from a response's headers (the first of its id headers that is set). */
export const requestIdOf = (definition: VendorDefinition, headers: Headers): string | undefined => {
  for (const name of definition.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS) {
    const id = headers.get(name);
    if (id) return id;
  }
  return undefined;
};
