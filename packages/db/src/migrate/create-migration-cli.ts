// `npm run db:migration -- <name>`: writes the next migration from prisma/schema.prisma.
import { createMigration } from "./create-migration.ts";

const name = process.argv.slice(2).join("_");
if (!name) {
  console.error("Usage: npm run db:migration -- <name>   (for example: npm run db:migration -- add_certificates)");
  process.exit(2);
}

const file = await createMigration(name);
console.log(file ? `Wrote ${file}` : "schema.prisma matches the existing migrations: nothing to write.");
