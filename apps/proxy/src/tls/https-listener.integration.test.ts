import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { handshake } from "../../test/tls-client.ts";
import { createConnectionCap } from "../limits/connection-cap.ts";
import { DEFAULT_EDGE_LIMITS } from "../limits/edge-limits.ts";
import { EMPTY_ROUTE_TABLE, type TRouteTable } from "../route-table.ts";
import { compileHostIndex } from "../router.ts";
import { secureContextOf } from "./certificate-store.ts";
import { createHttpsListener, type THttpsListener } from "./https-listener.ts";
import { createTlsIdentity, type TTlsIdentity } from "./tls-identity.ts";

/** Keeps a connection open until the client ends it, so TLS 1.3 tickets are sent after the handshake. */
function holdOpen(socket: Duplex): void {
  socket.resume();
  socket.on("end", () => socket.end());
}

/**
 * Two listeners stand for two cluster workers: each builds its own secure contexts, as a worker
 * does; what they share is only the node's TLS identity.
 */
describe("HTTPS listener session tickets", () => {
  const listeners: THttpsListener[] = [];
  afterEach(async () => {
    await Promise.all(listeners.splice(0).map((listener) => listener.close(100)));
  });

  async function listen(identity: TTlsIdentity, certificate: TTlsIdentity["defaultCertificate"]): Promise<number> {
    const context = secureContextOf(certificate.certificatePem, certificate.privateKeyPem);
    const table: TRouteTable = { ...EMPTY_ROUTE_TABLE, sni: compileHostIndex([{ domains: ["site.test"], route: context }]) };
    const listener = createHttpsListener({
      currentTable: () => table,
      identity,
      http1: { serve: holdOpen },
      http2: { accept: holdOpen },
      connectionCap: createConnectionCap(0, () => false),
      limits: DEFAULT_EDGE_LIMITS,
    });
    listeners.push(listener);
    return listener.listen(0, "127.0.0.1");
  }

  it("resumes a session on another process of the node (same ticket keys), not on a stranger's", async () => {
    const node = await createTlsIdentity();
    const stranger = await createTlsIdentity();
    const site = stranger.defaultCertificate;
    const [first, sameNode, otherNode] = await Promise.all([listen(node, site), listen({ ...node }, site), listen(stranger, site)]);
    for (const servername of ["site.test", "unknown.test"]) {
      const initial = await handshake(first, { servername });
      expect(initial.session).toBeDefined();
      expect((await handshake(sameNode, { servername, session: initial.session })).sessionReused).toBe(true);
      expect((await handshake(otherNode, { servername, session: initial.session })).sessionReused).toBe(false);
    }
  });
});
