import pino, { type Logger } from "pino";

export type TLogLine = Record<string, unknown> & { level: number; msg: string };

/** A real pino logger whose JSON lines land in an array, so tests can assert on what was logged. */
export function captureLogs(): { logger: Logger; lines: TLogLine[]; find: (msg: string) => TLogLine[] } {
  const lines: TLogLine[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line) as TLogLine) });
  return { logger, lines, find: (msg) => lines.filter((line) => line.msg === msg) };
}
