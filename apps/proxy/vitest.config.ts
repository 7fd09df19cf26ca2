import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["src/**/*.integration.test.ts", "test/**/*.integration.test.ts"],
          // Generous ceilings for a loaded CI box; the tests wait on events, never on durations.
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
