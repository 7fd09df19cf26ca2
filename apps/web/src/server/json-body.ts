import "server-only";
import { AppError } from "@gatehouse/shared";

function tooLarge(maxBytes: number): AppError {
  return new AppError("BAD_INPUT", `The request body is larger than ${maxBytes} bytes.`);
}

/**
 * Reads a JSON request body of at most `maxBytes`. Route handlers get no body limit from Next, so a
 * node (or anyone holding a token) could otherwise make this process buffer without bound: the
 * declared length is checked first, then the stream is cut off as soon as it passes the limit.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("BAD_INPUT", "The request body is not valid JSON.");
  }
}
