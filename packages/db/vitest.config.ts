import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // Each integration test file migrates its own SQLite files with the wasm schema engine and
    // hashes passwords through better-auth: generous limits for a busy 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
