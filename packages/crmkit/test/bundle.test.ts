// One-vendor bundles exclude the others: bundle the built package (as an application would, through its `exports`)
// with esbuild and read the metafile for what ended up in the output.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundle, packageDir } from "./bundle-helpers.js";

const vendors = {
  leadconnector: { factory: "createLeadConnectorClient", adapter: "leadConnectorAdapter", config: "leadconnector", options: `{ token: "t" }`, marks: ["services.leadconnectorhq.com", "/calendars/events"] },
  leadsquared: { factory: "createLeadSquaredClient", adapter: "leadSquaredAdapter", config: "leadsquared", options: `{ accessKey: "a", secretKey: "s" }`, marks: ["leadsquared.com", "Task.svc"] },
  onelink: { factory: "createOneLinkClient", adapter: "oneLinkAdapter", config: "onelink", options: `{ apiAccessToken: "t", accountId: 1 }`, marks: ["one-link.kz", "/scheduling/appointments"] },
  "pexip-engage": { factory: "createPexipEngageClient", adapter: "pexipEngageAdapter", config: "pexipEngage", options: `{ token: "t", enterprise: "acme" }`, marks: ["pexipengage.com", "/lead-segments"] },
} as const;
type Vendor = keyof typeof vendors;

beforeAll(() => {
  if (!existsSync(join(packageDir, "dist/index.js"))) throw new Error("packages/crmkit is not built: run `pnpm build` first");
});

describe.each(Object.keys(vendors) as Vendor[])("a bundle that uses only %s", (vendor) => {
  const v = vendors[vendor];
  const others = (Object.keys(vendors) as Vendor[]).filter((o) => o !== vendor);

  const expectOnly = ({ packages, code }: Awaited<ReturnType<typeof bundle>>) => {
    expect(packages).toContain(vendor); // the vendor it uses is there…
    for (const other of others) {
      expect(packages, `${other} package code in a ${vendor} bundle`).not.toContain(other); // …the others are not,
      for (const mark of vendors[other].marks) expect(code, `${other}'s "${mark}" in a ${vendor} bundle`).not.toContain(mark); // nor their adapters
    }
    for (const mark of v.marks) expect(code).toContain(mark);
    expect(packages).not.toContain("mock"); // the CLI's mock servers never reach a library bundle
  };

  it(`import { ${v.factory} } from "crmkit/${vendor}"`, async () => {
    const result = await bundle(`import { ${v.factory} } from "crmkit/${vendor}"; export const client = ${v.factory}(${v.options});`);
    expectOnly(result);
    expect(result.packages).not.toContain("crmkit"); // the subpath adds nothing to the vendor package
  });

  it(`createCrmkit({ ${v.config}: ${v.adapter}(…) }) with the adapter from "crmkit/${vendor}"`, async () => {
    const result = await bundle(
      `import { createCrmkit } from "crmkit"; import { ${v.adapter} } from "crmkit/${vendor}";
       export const crm = createCrmkit({ ${v.config}: ${v.adapter}(${v.options}) });`,
    );
    expectOnly(result);
    expect(result.packages).toContain("crmkit");
  });

  it(`everything imported from "crmkit" itself, one vendor configured`, async () => {
    const result = await bundle(`import { createCrmkit, ${v.adapter} } from "crmkit"; export const crm = createCrmkit({ ${v.config}: ${v.adapter}(${v.options}) });`);
    expectOnly(result);
  });
});

it("a bundle of createCrmkit alone holds no vendor at all", async () => {
  const { packages, code } = await bundle(`import { createCrmkit } from "crmkit"; export const crm = createCrmkit({});`);
  for (const vendor of Object.keys(vendors) as Vendor[]) {
    expect(packages).not.toContain(vendor);
    for (const mark of vendors[vendor].marks) expect(code).not.toContain(mark);
  }
});
