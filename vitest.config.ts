import { defineConfig } from "vitest/config";

// One run over every workspace so `npm test` ends with one summary; CI also asks for a JSON report.
const report = process.env.GATEHOUSE_TEST_REPORT;

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tests/e2e"],
    reporters: report ? ["default", "json"] : ["default"],
    ...(report ? { outputFile: { json: report } } : {}),
  },
});
