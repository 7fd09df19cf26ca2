import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type TestBackend = { url: string; port: number; close(): Promise<void> };

/** A real HTTP backend on loopback that says who it is, so a test can tell which backend answered. */
export async function startBackend(name: string): Promise<TestBackend> {
  const server: Server = createServer((request, response) => {
    response.setHeader("content-type", "text/plain");
    response.end(`hello from ${name}: ${request.method} ${request.url} host=${request.headers.host}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
