/** One operation's call, built from the spec's examples. */
export interface ExampleCall {
  operationId: string;
  /** Upper case, as openapi-fetch names its methods (`GET`, `POST`, ...). */
  method: string;
  path: string;
  /** Only the locations that have a value. */
  params: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, string> };
  body?: unknown;
  /** The request body's media type: JSON (`application/json`, `…+json`) or `application/x-www-form-urlencoded`. */
  mediaType?: string;
}

export declare class ExampleCallError extends Error {
  readonly operationId: string;
  readonly problems: string[];
}

export declare function deref(spec: any, node: any): any;
export declare function schemaValue(spec: any, schema: any): unknown;
export declare function exampleCall(spec: any, path: string, method: string): ExampleCall;
export declare function exampleCallsOf(spec: any): { calls: ExampleCall[]; failures: ExampleCallError[] };
