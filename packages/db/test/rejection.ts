import { AppError } from "@gatehouse/shared";
import { expect } from "vitest";

/** The AppError a promise rejects with (failing the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
