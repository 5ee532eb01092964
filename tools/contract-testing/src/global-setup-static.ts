import type { TestProject } from "vitest/node";
import { provideMocks } from "./mocks.js";

export default (project: TestProject) => provideMocks(project, "static");
