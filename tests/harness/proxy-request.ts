import { request } from "undici";

export type ProxyAnswer = { status: number; body: string };

/** One request through the proxy with a chosen Host header, as `curl -H 'Host: …'` would send it. */
export async function requestThroughProxy(proxyUrl: string, host: string, path = "/"): Promise<ProxyAnswer> {
  const response = await request(`${proxyUrl}${path}`, { headers: { host } });
  return { status: response.statusCode, body: await response.body.text() };
}

export type WaitOptions = {
  timeoutMs?: number;
  /** Called for a connection the server closed under us; without it such an error fails the wait. */
  onSocketError?: (error: Error) => void;
};

/** Polls until the proxy answers `host` with `status` (config changes apply asynchronously). */
export async function waitForProxyStatus(proxyUrl: string, host: string, status: number, options: WaitOptions = {}): Promise<ProxyAnswer> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: ProxyAnswer | undefined;
  while (Date.now() < deadline) {
    try {
      last = await requestThroughProxy(proxyUrl, host);
    } catch (error) {
      if (!options.onSocketError || (error as { code?: string }).code !== "UND_ERR_SOCKET") throw error;
      options.onSocketError(error as Error);
      continue;
    }
    if (last.status === status) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`proxy answered ${host} with ${last?.status} (${last?.body.slice(0, 200)}), expected ${status}`);
}
