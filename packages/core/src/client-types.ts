import type { Client, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import type { ApiError } from "./errors.js";

/** A result whose failure branch carries the typed ApiError instead of the raw error body (which is `error.body`). */
export type CrmkitResult<R> = R extends { error?: never } ? R : { data?: never; error: ApiError; response: Response };

type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

type CrmkitMethod<Paths extends Record<string, Record<HttpMethod, {}>>, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<CrmkitResult<FetchResponse<Paths[Path][Method], Init, MediaType>>>;

type CrmkitRequestMethod<Paths extends Record<string, Record<HttpMethod, {}>>> = <
  Method extends HttpMethod,
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  method: Method,
  url: Path,
  ...init: InitParam<Init>
) => Promise<CrmkitResult<FetchResponse<Paths[Path][Method], Init, MediaType>>>;

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
