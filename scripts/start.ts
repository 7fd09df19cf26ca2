// `npm start`: brings Gatehouse up on its embedded default (SQLite in the data dir) with one command:
// secrets, migrations, the local proxy node's registration, a web build if missing, then web + proxy.
import { applyMigrations } from "@gatehouse/db/migrate";
import { createDb, databaseFile, registerNode } from "@gatehouse/db";
import { ensureDataDir, ensureSecretFile } from "./data-dir.ts";
import { readStartEnv } from "./start-config.ts";
import { buildWebIfNeeded, startProxy, startWeb, waitForWeb, type Child } from "./processes.ts";

const env = readStartEnv(process.env);
const log = (message: string) => console.log(`[gatehouse] ${message}`);

ensureDataDir(env.GATEHOUSE_DATA_DIR);
const secret = ensureSecretFile(env.GATEHOUSE_DATA_DIR, "secret", env.GATEHOUSE_SECRET);
const nodeToken = ensureSecretFile(env.GATEHOUSE_DATA_DIR, "node-token", env.GATEHOUSE_NODE_TOKEN);

const dbFile = databaseFile(env.GATEHOUSE_DATA_DIR);
const { applied } = await applyMigrations(dbFile);
log(applied.length > 0 ? `applied migrations: ${applied.join(", ")}` : "database is up to date");

const db = createDb(dbFile);
await registerNode(db, "local", nodeToken);
await db.$disconnect();

if (!env.GATEHOUSE_DEV) await buildWebIfNeeded(log);

const children: Child[] = [];
let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.stop();
  Promise.all(children.map((child) => child.exited)).then(() => process.exit(code));
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

const webUrl = `http://${env.GATEHOUSE_WEB_BIND === "0.0.0.0" ? "127.0.0.1" : env.GATEHOUSE_WEB_BIND}:${env.GATEHOUSE_WEB_PORT}`;
const proxy = startProxy(env, nodeToken, webUrl);
const web = startWeb(env, secret);
children.push(proxy, web);
for (const child of children) {
  child.exited.then((code) => {
    if (!stopping) {
      log(`${child.name} exited with code ${code}; stopping`);
      stop(code === 0 ? 1 : code);
    }
  });
}

const [proxyPorts] = await Promise.all([proxy.ready, waitForWeb(webUrl)]);
log(`admin UI:    ${webUrl}  (first visit: create the owner account)`);
log(`proxy HTTP:  http://${env.GATEHOUSE_PROXY_BIND}:${proxyPorts.port}`);
log(proxyPorts.httpsPort === null ? "proxy HTTPS: off" : `proxy HTTPS: https://${env.GATEHOUSE_PROXY_BIND}:${proxyPorts.httpsPort}`);
log(`data dir:    ${env.GATEHOUSE_DATA_DIR}`);
log("ready");
