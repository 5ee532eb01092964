// Secret redaction. Tokens, keys and secrets must never reach error messages, logs or attempt events.

/** Shorter values are not scrubbed: they could not be a real credential, and replacing them would mangle text. */
const MIN_SECRET_LENGTH = 6;
const SECRET_QUERY_PARAMS = "accesskey|secretkey|api_access_token|access_token|refresh_token|client_secret";
/** Secret header and query parameter names (case-insensitive). */
const SECRET_NAME = RegExp(`^((x-lsq-)?(${SECRET_QUERY_PARAMS})|(proxy-)?authorization|cookie|x-api-key)$`, "i");
const SECRET_QUERY_VALUE = RegExp(`([?&](${SECRET_QUERY_PARAMS})=)[^&#]*`, "gi");

/**
 * `https://h/p?accessKey=AK&x=1` → `https://h/p?accessKey=***&x=1` (accessKey, secretKey, api_access_token,
 * access_token, refresh_token, client_secret).
 */
export const redactUrl = (url: string): string => url.replace(SECRET_QUERY_VALUE, "$1***");

/** Secret values a request carries (credential headers, secret query values), to scrub from vendor-supplied text. */
export const secretsOf = (request: Request): string[] => {
  const secrets: string[] = [];
  const collect = (value: string, name: string) => {
    // the whole value, and its last word on its own: a vendor may echo the token of `Bearer <token>` without the scheme
    if (SECRET_NAME.test(name)) secrets.push(value, value.split(" ").pop()!);
  };
  request.headers.forEach(collect);
  new URL(request.url).searchParams.forEach(collect);
  return secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH);
};

/**
 * Replace every occurrence of the given secrets in a JSON-able value (a string included) by `***`. Working on the JSON
 * text reaches secrets at any depth, in keys as well as values.
 */
export const scrub = <T>(value: T, secrets: string[]): T =>
  value === undefined
    ? value
    : JSON.parse(secrets.reduce((json, secret) => json.split(secret).join("***"), JSON.stringify(value)));
