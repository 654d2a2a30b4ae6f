import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "./errors";

/** For pages: a lib function's `not_found` becomes Next's 404 page. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
