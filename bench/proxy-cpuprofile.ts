// Summarizes a V8 .cpuprofile (from `node --cpu-prof`) by self time per function.
// Usage: tsx bench/proxy-cpuprofile.ts <file.cpuprofile> [top=25]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

interface TProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface TCpuProfile {
  nodes: TProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface TSelfTime {
  name: string;
  location: string;
  selfMs: number;
  percent: number;
}

/** Self time per function (summed over every node of that function), highest first. */
export function selfTimes(profile: TCpuProfile): TSelfTime[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, TSelfTime>();
  let totalMicros = 0;
  profile.samples.forEach((nodeId, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    totalMicros += micros;
    const frame = nodes.get(nodeId)!.callFrame;
    const location = frame.url === "" ? "" : `${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    const name = frame.functionName || "(anonymous)";
    const key = `${name} ${location}`;
    const entry = byFunction.get(key) ?? { name, location, selfMs: 0, percent: 0 };
    entry.selfMs += micros / 1000;
    byFunction.set(key, entry);
  });
  const entries = [...byFunction.values()];
  for (const entry of entries) entry.percent = (entry.selfMs * 1000 * 100) / totalMicros;
  return entries.sort((a, b) => b.selfMs - a.selfMs);
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, "");
  const modules = path.lastIndexOf("node_modules/");
  if (modules >= 0) return path.slice(modules + "node_modules/".length);
  const source = path.indexOf("/apps/");
  return source >= 0 ? path.slice(source + 1) : path;
}

export function formatSelfTimes(entries: TSelfTime[], top: number): string {
  const lines = entries
    .slice(0, top)
    .map((entry, index) => `${String(index + 1).padStart(3)}. ${entry.percent.toFixed(1).padStart(5)}%  ${entry.selfMs.toFixed(0).padStart(7)} ms  ${entry.name}  ${entry.location}`);
  return [" #    self%  self ms  function  location", ...lines].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [file, top] = process.argv.slice(2);
  if (file === undefined) {
    console.error("usage: tsx bench/proxy-cpuprofile.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  console.log(formatSelfTimes(selfTimes(JSON.parse(readFileSync(file, "utf8")) as TCpuProfile), Number(top ?? 25)));
}
