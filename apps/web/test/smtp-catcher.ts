import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type TCaughtMail = { from: string; to: string[]; raw: string };

export type TSmtpCatcher = {
  port: number;
  messages: TCaughtMail[];
  /** Resolves with the next message to arrive (or one that arrived since the last call). */
  nextMessage(timeoutMs?: number): Promise<TCaughtMail>;
  close(): Promise<void>;
};

/**
 * A real SMTP server on a random loopback port for tests: requires AUTH with the given credentials,
 * offers no STARTTLS (so the client must be configured for a plain connection), keeps every message.
 */
export async function startSmtpCatcher(credentials: { username: string; password: string }): Promise<TSmtpCatcher> {
  const messages: TCaughtMail[] = [];
  let delivered = 0;
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.username && auth.password === credentials.password) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        waiters.splice(0).forEach((wake) => wake());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    async nextMessage(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length <= delivered) {
        if (Date.now() > deadline) throw new Error("No email arrived at the test SMTP server.");
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return messages[delivered++]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The decoded text body of a simple (possibly quoted-printable, possibly multipart) message. */
export function mailText(raw: string): string {
  return raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
