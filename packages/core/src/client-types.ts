import type { Client, MaybeOptionalInit, ParseAsResponse } from "openapi-fetch";
import type {
  HttpMethod,
  MediaType,
  PathsWithMethod,
  Readable,
  RequiredKeysOf,
  ResponseObjectMap,
  SuccessResponse,
} from "openapi-typescript-helpers";
import type { ApiError } from "./errors.js";

/**
 * What a call resolves to: openapi-fetch's success branch, and on failure the typed ApiError instead of the raw error
 * body (which is `error.body`). Built from the success branch alone: the compiler never works out the vendor's error
 * body types, which no caller sees (about a third of a consumer's type instantiations).
 */
export type CrmkitResponse<Operation extends Record<string | number, any>, Init> =
  | { data: ParseAsResponse<Readable<SuccessResponse<ResponseObjectMap<Operation>, MediaType>>, Init>; error?: never; response: Response }
  | { data?: never; error: ApiError; response: Response };

type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

type CrmkitMethod<Paths extends Record<string, Record<HttpMethod, {}>>, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<CrmkitResponse<Paths[Path][Method], Init>>;

type CrmkitRequestMethod<Paths extends Record<string, Record<HttpMethod, {}>>> = <
  Method extends HttpMethod,
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  method: Method,
  url: Path,
  ...init: InitParam<Init>
) => Promise<CrmkitResponse<Paths[Path][Method], Init>>;

/** An openapi-fetch client whose `error` is always the typed ApiError (see `createVendorClient`). */
export interface CrmkitClient<Paths extends {}> extends Pick<Client<Paths>, "use" | "eject"> {
  request: CrmkitRequestMethod<Paths>;
  GET: CrmkitMethod<Paths, "get">;
  PUT: CrmkitMethod<Paths, "put">;
  POST: CrmkitMethod<Paths, "post">;
  DELETE: CrmkitMethod<Paths, "delete">;
  OPTIONS: CrmkitMethod<Paths, "options">;
  HEAD: CrmkitMethod<Paths, "head">;
  PATCH: CrmkitMethod<Paths, "patch">;
  TRACE: CrmkitMethod<Paths, "trace">;
}
