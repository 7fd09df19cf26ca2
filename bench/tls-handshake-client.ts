// The load of the handshake bench, run as its own process so it can be pinned to a core:
// `node --import tsx bench/tls-handshake-client.ts <port> <servername> <seconds> <concurrency>`.
// Opens TLS connections to 127.0.0.1:<port> with that SNI, `concurrency` at a time, for `seconds`;
// prints one JSON line (THandshakeClientResult).
//
// Every connection is a full handshake: no session is ever passed back to tls.connect, so there is
// nothing to resume (h2load and wrk resume TLS sessions on reconnect and cannot be told not to;
// `openssl s_time -new` sends no SNI, so Gatehouse would answer with its default certificate).
// ALPN offers h2 and http/1.1 like a browser. The client ends each connection with close_notify
// right after its Finished, so the server completes every handshake it starts.
import { connect } from "node:tls";
import { percentile } from "./stats.ts";

export interface THandshakeClientResult {
  handshakes: number;
  errors: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * One full handshake; resolves with its duration once the client's last handshake message and its
 * close_notify are handed to the kernel. The connection then closes in the background: how fast a
 * server tears it down is its own business (its CPU for that is still counted).
 */
function handshake(port: number, servername: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, servername, ALPNProtocols: ["h2", "http/1.1"], rejectUnauthorized: false }, () => {
      const took = performance.now() - started;
      // A resumed session would be a cheaper, abbreviated handshake: counted as an error.
      if (socket.isSessionReused()) reject(new Error("the server resumed a session"));
      socket.end(() => resolve(took));
    });
    socket.on("error", reject);
  });
}

async function main(): Promise<void> {
  const [port, servername, seconds, concurrency] = process.argv.slice(2);
  const durationMs = Number(seconds) * 1000;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const connectionLoop = async () => {
    while (performance.now() - started < durationMs) {
      try {
        latencies.push(await handshake(Number(port), servername!));
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, connectionLoop));
  const elapsed = (performance.now() - started) / 1000;
  const result: THandshakeClientResult = {
    handshakes: latencies.length,
    errors,
    seconds: elapsed,
    p50Ms: latencies.length > 0 ? percentile(latencies, 50) : 0,
    p99Ms: latencies.length > 0 ? percentile(latencies, 99) : 0,
  };
  console.log(JSON.stringify(result));
}

await main();
