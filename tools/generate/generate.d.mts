export declare const vendors: readonly string[];
export declare const specFile: (vendor: string) => string;
export declare const generatedDir: (vendor: string) => string;
export declare function operationTable(spec: any): Record<string, unknown>[];
export declare function serverInfo(spec: any): { url: string; variables: Record<string, string> };
export declare function callerView<T>(spec: T): T;
/** { fileName: contents } of packages/<vendor>/src/generated/, without touching the disk. */
export declare function render(vendor: string): Promise<Record<string, string>>;
