import type { StepHandler } from "../stack.js";
import type { Auth } from "../types.js";

/** Sets the credentials once per call; the retry step re-applies them after a 401 refresh. */
export const authStep =
  (auth: Auth): StepHandler<"auth"> =>
  (request, context, next) => {
    const applying = auth.apply(request.headers);
    return applying ? applying.then(() => next(request, context)) : next(request, context);
  };
