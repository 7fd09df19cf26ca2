import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");

export type TDockerfileRuntime = {
  /** CMD of the final stage, exec form. */
  cmd: string[];
  /** HEALTHCHECK's command, exec form. */
  healthcheck: string[];
  /** ENV of the final stage. */
  env: Record<string, string>;
};

/** What the Dockerfile's final stage runs, so tests run the same commands outside Docker. */
export function readDockerfileRuntime(): TDockerfileRuntime {
  const text = readFileSync(join(root, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  const finalStage = text.slice(text.lastIndexOf("\nFROM "));
  const execForm = (pattern: RegExp, what: string) => {
    const match = finalStage.match(pattern);
    if (!match?.[1]) throw new Error(`The Dockerfile's final stage has no ${what} in exec form (["node", ...]).`);
    return JSON.parse(match[1]) as string[];
  };
  const env: Record<string, string> = {};
  for (const line of finalStage.split("\n").filter((l) => l.startsWith("ENV "))) {
    for (const pair of line.slice("ENV ".length).trim().split(/\s+/)) {
      const [key, value] = pair.split("=") as [string, string];
      env[key] = value;
    }
  }
  return { cmd: execForm(/^CMD (\[.*\])$/m, "CMD"), healthcheck: execForm(/^HEALTHCHECK .*?CMD (\[.*\])$/m, "HEALTHCHECK"), env };
}
