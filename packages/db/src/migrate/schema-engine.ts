import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type TEngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

// @types/node 20 does not declare the WebAssembly global; this is the part used here.
type TWebAssembly = {
  compile(bytes: Uint8Array): Promise<object>;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
};
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: TWebAssembly };

let engineModule: Promise<TEngineModule> | undefined;

/**
 * Loads the wasm build of Prisma's schema engine once per process. The package's own entry imports
 * the .wasm file as an ES module, which Node 20 cannot do, so we instantiate it by hand and hand the
 * instance to the wasm-bindgen glue (the Prisma CLI's native engine cannot be downloaded offline).
 */
function loadEngineModule(): Promise<TEngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue: TEngineModule = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(join(dirname(gluePath), "schema_engine_bg.wasm"));
    const module = await wasm.compile(bytes);
    const instance = new wasm.Instance(module, { "./schema_engine_bg.js": glue });
    const exports = instance.exports as { __wbindgen_start: () => void };
    glue.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue;
  })();
  return engineModule;
}

/**
 * The engine replays existing migrations on the shadow database with one multi-statement raw call,
 * which better-sqlite3's prepared statements refuse ("contains more than one statement"). Raw calls
 * without arguments carry no bound values, so running them as a script is equivalent.
 */
function scriptingRawCalls(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: async (query) => {
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    },
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    dispose: () => adapter.dispose(),
  };
}

/** Hands the engine better-sqlite3 connections and remembers them, so each run closes what it opened. */
class TrackedSqliteFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName: string;
  readonly #inner: PrismaBetterSqlite3;
  readonly #opened: SqlDriverAdapter[] = [];

  constructor(databasePath: string) {
    // The shadow database lives in memory: it only exists while a migration is being created.
    this.#inner = new PrismaBetterSqlite3({ url: databasePath }, { shadowDatabaseUrl: ":memory:" });
    this.adapterName = this.#inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.#track(await this.#inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.#track(scriptingRawCalls(await this.#inner.connectToShadowDb()));
  }

  async disposeAll(): Promise<void> {
    await Promise.all(this.#opened.splice(0).map((adapter) => adapter.dispose()));
  }

  #track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    this.#opened.push(adapter);
    return adapter;
  }
}

export type TSchemaFile = { path: string; content: string };

/**
 * Runs `work` with a schema engine connected to the SQLite file at `databasePath` (":memory:" when
 * only the shadow database matters) and releases engine and connections afterwards.
 */
export async function withSchemaEngine<T>(
  databasePath: string,
  schema: TSchemaFile,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const factory = new TrackedSqliteFactory(databasePath);
  const engine = await SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    // Engine log lines are tracing; failures arrive as rejected promises carrying the engine's message.
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await factory.disposeAll();
  }
}
