export declare function collectExamples(spec: any): Iterable<{ where: string; schema: any; value: unknown }>;
export declare function validateExamples(spec: any): { count: number; failures: { where: string; errors: string }[] };
export declare function createSpecAjv(spec: any): any;
export declare function rewriteRefs(schema: any): any;
