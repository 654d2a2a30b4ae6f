import "server-only";
import { env } from "../env";

export function linkUrl(token: string) {
  return `${env().baseUrl}/r/${token}`;
}
