export declare const repoRoot: string;
export declare const specsDir: string;
export declare function vendorsIn(dir: string): string[];
export declare const vendors: readonly string[];

/** The `crmkit` field of a vendor package's package.json. */
export interface VendorDeclaration {
  /** The exported factory that makes the vendor's client, e.g. `createLeadConnectorClient`. */
  client?: string;
  /** Options that make a client without a network call (fake credentials), for bundling and smoke tests. */
  sampleOptions?: Record<string, unknown>;
  /** The facade's adapter for this vendor, as `crmkit/<vendor>` exports it. */
  adapter?: { factory: string; configKey: string; sampleOptions?: Record<string, unknown> };
}
export declare function vendorPackage(vendor: string, root?: string): { name: string; crmkit: VendorDeclaration } | undefined;
