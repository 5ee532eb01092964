// Loaded with `node --import` into a process the bench measures: at exit, writes the process's own resource usage
// (peak resident memory, CPU time) to the file named by CRMKIT_BENCH_USAGE_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.CRMKIT_BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssBytes: maxRSS * 1024, cpuS: (userCPUTime + systemCPUTime) / 1e6 }));
  });
}
