import type { StepHandler } from "../stack.js";
import type { Auth } from "../types.js";

/** Sets the credentials once per call; the retry step re-applies them after a 401 refresh. */
export const authStep =
  (auth: Auth): StepHandler<"auth"> =>
  async (request, _context, next) => {
    await auth.apply(request.headers);
    return next(request);
  };
