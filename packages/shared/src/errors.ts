/**
 * One error type for the whole product. Each code maps to one HTTP status; `message` is written for
 * the person who will read it (what is wrong and what to do), `fieldErrors` point at form fields.
 */
export const ERROR_STATUS = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SETUP_DONE: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  /** A service we depend on (an ACME CA, an SMTP server) refused or failed; the message quotes it. */
  EXTERNAL_SERVICE: 502,
} as const;

export type TAppErrorCode = keyof typeof ERROR_STATUS;
export type TFieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: TAppErrorCode;
  readonly fieldErrors: TFieldErrors | undefined;

  constructor(code: TAppErrorCode, message: string, fieldErrors?: TFieldErrors) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
