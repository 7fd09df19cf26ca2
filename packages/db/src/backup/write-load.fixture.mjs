// A second process writing to a Gatehouse database as fast as it can, as the web process would while a
// backup runs. Each transaction adds organization `load-<n>` and sets ConfigState.revision to n, so a
// consistent copy holds organizations load-1..load-R for its revision R and nothing else.
// Usage: node write-load.fixture.mjs <db file>; prints "writing" once the first transaction committed.
import Database from "better-sqlite3";

const connection = new Database(process.argv[2], { fileMustExist: true, timeout: 5000 });
const start = connection.prepare('SELECT revision FROM "ConfigState" WHERE id = 1').get().revision;
const insert = connection.prepare(
  'INSERT INTO "organization" ("id", "name", "slug", "createdAt") VALUES (?, ?, ?, ?)',
);
const setRevision = connection.prepare('UPDATE "ConfigState" SET "revision" = ? WHERE "id" = 1');
const write = connection.transaction((n) => {
  insert.run(`load-${n}`, `Load ${n}`, `load-${n}`, new Date().toISOString());
  setRevision.run(n);
});

let n = start;
function batch() {
  for (let i = 0; i < 20; i += 1) write((n += 1));
  if (n === start + 20) process.stdout.write("writing\n");
  setImmediate(batch);
}
process.on("SIGTERM", () => {
  connection.close();
  process.exit(0);
});
batch();
