// Secret redaction. Tokens, keys and secrets must never reach error messages, logs or attempt events.

/** Shorter values are not scrubbed: they could not be a real credential, and replacing them would mangle text. */
const MIN_SECRET_LENGTH = 6;
/**
 * Header and query names that carry credentials, by what they are called rather than by vendor: `Authorization`,
 * cookies, and any name containing key, token, secret, password, signature or session (`x-api-key`, `accessKey`,
 * `api_access_token`, `client_secret`, …). Erring towards redacting is the safe side: a redacted idempotency key costs
 * nothing, a leaked credential does.
 */
const SECRET_NAME = /authorization|cookie|key|token|secret|passw|signature|session/i;
const QUERY_PAIR = /([?&])([^=&#]*)=([^&#]*)/g;

/** Whether a header or query parameter named `name` carries a credential; `extra` adds a vendor's own names. */
export const isSecretName = (name: string, extra?: readonly string[]): boolean =>
  SECRET_NAME.test(name) || (!!extra && extra.some((secret) => secret.toLowerCase() == name.toLowerCase()));

/** `https://h/p?accessKey=AK&x=1` → `https://h/p?accessKey=***&x=1`: every credential-named query value. */
export const redactUrl = (url: string, extra?: readonly string[]): string =>
  url.includes("?")
    ? url.replace(QUERY_PAIR, (pair, separator: string, name: string) =>
        isSecretName(decodeURIComponentSafe(name), extra) ? `${separator}${name}=***` : pair,
      )
    : url;

const decodeURIComponentSafe = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Secret values a request carries (credential headers, secret query values), to scrub from vendor-supplied text. */
export const secretsOf = (request: Request, extra?: readonly string[]): string[] => {
  const secrets: string[] = [];
  const collect = (value: string, name: string) => {
    // the whole value, and its last word on its own: a vendor may echo the token of `Bearer <token>` without the scheme
    if (isSecretName(name, extra)) secrets.push(value, value.split(" ").pop()!);
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
  value === undefined || secrets.length == 0
    ? value
    : JSON.parse(secrets.reduce((json, secret) => json.split(secret).join("***"), JSON.stringify(value)));
