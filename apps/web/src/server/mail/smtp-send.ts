import type { TSmtpSettingsInput } from "@gatehouse/shared";
import nodemailer from "nodemailer";


export type TMailMessage = { to: string; subject: string; text: string; html?: string | undefined };

export type TSendResult = { sent: true } | { sent: false; reason: string };

// A dead or firewalled server must fail while the person still waits on the page, not after
// nodemailer's default two minutes.
const TIMEOUT_MS = 10_000;

type TSmtpError = Error & { code?: string; responseCode?: number; response?: string; command?: string; timeoutType?: string };

function serverAnswer(error: TSmtpError): string {
  return error.response ? ` The server said: "${error.response.trim().slice(0, 300)}"` : "";
}

/**
 * nodemailer's errors ("Invalid login: 535 ...", "connect ECONNREFUSED ...") in words that say what to
 * check. The server's own reply is quoted when there is one: it is the most precise hint.
 */
export function describeSmtpError(error: unknown, settings: Pick<TSmtpSettingsInput, "host" | "port">): string {
  if (!(error instanceof Error)) return `Sending failed: ${String(error)}`;
  const smtp = error as TSmtpError;
  const where = `${settings.host}:${settings.port}`;
  const cause = (smtp as { cause?: { code?: string } }).cause?.code ?? "";
  const text = `${smtp.message} ${cause}`;
  switch (smtp.code) {
    case "EAUTH":
      return `The SMTP server at ${where} refused the user name or password. Check them (some providers want an app password).${serverAnswer(smtp)}`;
    case "ENOAUTH":
      return `The SMTP server at ${where} asks for a user name and password: enter them.`;
    case "EDNS":
      return `The SMTP host name "${settings.host}" could not be found. Check its spelling.`;
    case "ETIMEDOUT":
      return `The SMTP server at ${where} did not answer within ${TIMEOUT_MS / 1000} seconds. Check the host and port, and that a firewall lets this machine reach it.`;
    case "ETLS":
      return `The encrypted connection to ${where} failed (${smtp.message}). Check the security choice: port 465 usually means TLS, 587 STARTTLS.${serverAnswer(smtp)}`;
    case "EENVELOPE":
      return `The SMTP server at ${where} refused the sender or the recipient. Check the "From" address: many providers only send from addresses you verified with them.${serverAnswer(smtp)}`;
    case "EMESSAGE":
      return `The SMTP server at ${where} refused the message.${serverAnswer(smtp)}`;
    default:
      break;
  }
  if (/ECONNREFUSED/.test(text)) return `Nothing accepts connections at ${where}. Check the host and port.`;
  if (/EHOSTUNREACH|ENETUNREACH/.test(text)) return `${where} cannot be reached from this machine. Check the host, and the network or firewall.`;
  if (/CERT|certificate|self.signed/i.test(text)) {
    return `The SMTP server at ${where} presented a certificate that cannot be trusted (${smtp.message}). Use the host name on its certificate.`;
  }
  if (/wrong version number|packet length too long/i.test(text)) {
    return `The TLS handshake with ${where} failed: the server does not speak TLS from the start. Choose STARTTLS for this port.`;
  }
  return `Sending through ${where} failed: ${smtp.message}${serverAnswer(smtp)}`;
}

/** Sends one message through one SMTP connection, closed afterwards (a few mails an hour need no pool). */
export async function sendWithSmtp(settings: TSmtpSettingsInput, message: TMailMessage): Promise<TSendResult> {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === "tls",
    // STARTTLS or nothing: a server that stops offering it (or a downgrade in between) fails the send
    // instead of carrying the password and reset links in clear text.
    requireTLS: settings.security === "starttls",
    ignoreTLS: settings.security === "none",
    ...(settings.username === "" ? {} : { auth: { user: settings.username, pass: settings.password } }),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    dnsTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: { name: "Gatehouse", address: settings.from },
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html === undefined ? {} : { html: message.html }),
    });
    return { sent: true };
  } catch (error) {
    return { sent: false, reason: describeSmtpError(error, settings) };
  } finally {
    transport.close();
  }
}
