import { startMocks, vendors, type MockServer, type Vendor } from "@crmkit/mock";
import type { TestProject } from "vitest/node";

export type MockMode = "static" | "dynamic";
export type MockUrls = Record<Vendor, string>;

declare module "vitest" {
  export interface ProvidedContext {
    mockUrls: MockUrls;
    mockMode: MockMode;
  }
}

/** Dynamic responses are seeded so a failure reproduces. */
export const DYNAMIC_SEED = "crmkit";

/** vitest globalSetup body: every vendor mocked for the whole run (one port each, one Prism process), stopped at teardown. */
export async function provideMocks(project: TestProject, mode: MockMode) {
  const servers: MockServer[] = await startMocks(vendors, mode === "dynamic" ? { dynamic: true, seed: DYNAMIC_SEED } : {});
  project.provide("mockUrls", Object.fromEntries(servers.map((s) => [s.vendor, s.url])) as MockUrls);
  project.provide("mockMode", mode);
  return async () => {
    await Promise.all(servers.map((s) => s.close()));
  };
}
