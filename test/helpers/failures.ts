/** How a test reads the error an AWS call failed with. */
import { expect } from "vitest";

/** The error a call fails with; the test fails when the call succeeds. */
export async function failure<E = any>(call: Promise<unknown>): Promise<E> {
  try {
    await call;
  } catch (error) {
    return error as E;
  }
  throw new Error("expected the call to fail, it succeeded");
}

/** The error a call fails with, or undefined when it succeeds. */
export async function failureOf(call: Promise<unknown>): Promise<any> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return error;
  }
}

/**
 * Expect the call to fail with this error name and HTTP status, as the SDK surfaces them, and with
 * this message when one is given; gives the error.
 */
export async function expectError(
  call: Promise<unknown>,
  name: string,
  status: number,
  message?: string | RegExp,
): Promise<any> {
  const error = await failure(call);
  expect({ name: error.name, status: error.$metadata?.httpStatusCode }).toEqual({ name, status });
  if (typeof message === "string") expect(error.message).toBe(message);
  else if (message) expect(error.message).toMatch(message);
  return error;
}
