export { repoRoot, vendors } from "./vendors.mjs";
export declare const httpMethods: string[];
export declare function specPath(vendor: string): string;
export declare function loadSpec(vendor: string): any;
export declare function deref(spec: any, node: any): any;
export declare function listOperations(spec: any): { method: string; path: string; operationId: string; operation: any; pathItem: any }[];
