import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.integration.test.ts"],
    // Generous ceilings for a loaded CI box (the integration tests spawn proxies and backends); the
    // tests wait on events, never on durations. One level of config: the root run loads this file as
    // a project, and a nested `projects` list would be ignored there, timeouts included.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
