// `npm start`: brings Gatehouse up on its embedded default (SQLite in the data dir) with one command.
// GATEHOUSE_ROLE picks what runs: all (default) = web + a local proxy; web = secrets, migrations, the proxy
// node's registration, a web build if missing, then the admin UI; proxy = a proxy node of a web elsewhere
// (no database). The Docker image runs this same file, once per role.
import { applyMigrations } from "@gatehouse/db/migrate";
import { createDb, databaseFile, registerNode } from "@gatehouse/db";
import { isAppError } from "@gatehouse/shared";
import { acquireInstanceLock, ensureDataDir, ensureSecretFile } from "./data-dir.ts";
import { localAddress, readStartEnv, type TStartEnv } from "./start-config.ts";
import { buildWebIfNeeded, startProxy, startWeb, waitForWeb, type Child } from "./processes.ts";

const log = (message: string) => console.log(`[gatehouse] ${message}`);

const children: Child[] = [];
let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.stop();
  Promise.all(children.map((child) => child.exited)).then(() => process.exit(code));
}

function supervise(child: Child): void {
  children.push(child);
  child.exited.then((code) => {
    if (!stopping) {
      log(`${child.name} exited with code ${code}; stopping`);
      stop(code === 0 ? 1 : code);
    }
  });
}

/** Everything the web side needs before it serves; returns the node token the local proxy (if any) uses. */
async function prepareWeb(env: TStartEnv): Promise<{ secret: string; nodeToken: string }> {
  ensureDataDir(env.GATEHOUSE_DATA_DIR);
  // Held from before the migrations on, so a restore can never swap the database under them.
  acquireInstanceLock(env.GATEHOUSE_DATA_DIR);
  const secret = ensureSecretFile(env.GATEHOUSE_DATA_DIR, "secret", env.GATEHOUSE_SECRET);
  const nodeToken = ensureSecretFile(env.GATEHOUSE_DATA_DIR, "node-token", env.GATEHOUSE_NODE_TOKEN);

  const dbFile = databaseFile(env.GATEHOUSE_DATA_DIR);
  const { applied } = await applyMigrations(dbFile);
  log(applied.length > 0 ? `applied migrations: ${applied.join(", ")}` : "database is up to date");

  const db = createDb(dbFile);
  await registerNode(db, "local", nodeToken);
  await db.$disconnect();

  if (!env.GATEHOUSE_DEV) await buildWebIfNeeded(log);
  return { secret, nodeToken };
}

async function main(): Promise<void> {
  const env = readStartEnv(process.env);
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));

  const webUrl = `http://${localAddress(env.GATEHOUSE_WEB_BIND)}:${env.GATEHOUSE_WEB_PORT}`;
  const runsWeb = env.GATEHOUSE_ROLE !== "proxy";
  const prepared = runsWeb ? await prepareWeb(env) : undefined;
  if (stopping) return;

  const proxy =
    env.GATEHOUSE_ROLE === "web"
      ? undefined
      : startProxy(env, prepared?.nodeToken ?? env.GATEHOUSE_NODE_TOKEN, env.GATEHOUSE_CONTROL_PLANE_URL ?? webUrl);
  if (proxy) supervise(proxy);
  if (prepared) supervise(startWeb(env, prepared.secret));

  const [proxyPorts] = await Promise.all([proxy?.ready, runsWeb ? waitForWeb(webUrl) : undefined]);
  log(`role:        ${env.GATEHOUSE_ROLE}`);
  if (runsWeb) log(`admin UI:    ${webUrl}  (first visit: create the owner account)`);
  if (proxyPorts) {
    log(`proxy HTTP:  http://${env.GATEHOUSE_PROXY_BIND}:${proxyPorts.port}`);
    log(proxyPorts.httpsPort === null ? "proxy HTTPS: off" : `proxy HTTPS: https://${env.GATEHOUSE_PROXY_BIND}:${proxyPorts.httpsPort}`);
  }
  if (env.GATEHOUSE_ROLE === "proxy") log(`control plane: ${env.GATEHOUSE_CONTROL_PLANE_URL}`);
  else log(`data dir:    ${env.GATEHOUSE_DATA_DIR}`);
  log("ready");
}

main().catch((error: unknown) => {
  // An AppError is already written for the operator (e.g. "migration X failed: …; the database was left as it was").
  log(isAppError(error) ? error.message : `start failed: ${error instanceof Error ? error.message : String(error)}`);
  stop(1);
});
