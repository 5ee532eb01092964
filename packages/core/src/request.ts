/**
 * The `Request` class the client hands to openapi-fetch, so that the stack can send the request openapi-fetch made as
 * the first attempt instead of a copy: it keeps that request's init (the caller's signal, and the body openapi-fetch
 * serialized, for retries, which cannot re-read a sent body).
 */
export class StackRequest extends Request {
  declare readonly init?: RequestInit;
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this.init = init;
  }
}
