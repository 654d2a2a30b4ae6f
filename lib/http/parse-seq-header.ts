import "server-only";
import { AppError } from "../errors";

export function parseSeqHeader(value: string | null): number {
  if (value === null || !/^\d{1,9}$/.test(value.trim())) {
    throw new AppError("bad_request", "X-Glimpse-Seq must be a whole number from 0.");
  }
  return Number(value.trim());
}
