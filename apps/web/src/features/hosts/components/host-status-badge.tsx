import { Badge } from "@/components/ui/badge.tsx";
import type { THostRow } from "../queries.ts";

/** Whether the proxies serve the host's last change yet. */
export function HostStatusBadge({ host }: { host: Pick<THostRow, "state" | "enabled"> }) {
  if (host.state === "pending") return <Badge tone="amber">Applying…</Badge>;
  if (host.state === "no-proxy") return <Badge tone="grey">No proxy connected</Badge>;
  return host.enabled ? <Badge tone="green">Live</Badge> : <Badge tone="grey">Disabled</Badge>;
}
