export { applyMigrations, type TMigrateOptions } from "./apply-migrations.ts";
export { createMigration } from "./create-migration.ts";
