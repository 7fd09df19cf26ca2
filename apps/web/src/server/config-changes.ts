import "server-only";
import { currentRevision } from "@gatehouse/db";
import { getDb } from "./db.ts";
import { createRevisionWatch, type TRevisionWatch } from "./revision-watch.ts";

const WATCH_KEY = Symbol.for("gatehouse.web.revisionWatch");
type TWatchHolder = { [WATCH_KEY]?: TRevisionWatch };

/** The process-wide watch (globalThis: route handlers and server actions may live in separate bundles). */
export function configRevisionWatch(): TRevisionWatch {
  const holder = globalThis as TWatchHolder;
  return (holder[WATCH_KEY] ??= createRevisionWatch(() => currentRevision(getDb())));
}

/** Call after a routing write has committed, so waiting proxy nodes fetch the new snapshot at once. */
export function notifyConfigChanged(): void {
  configRevisionWatch().notify();
}
