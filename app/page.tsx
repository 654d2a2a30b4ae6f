import { redirect } from "next/navigation";
import { hasUsers } from "@/lib/users/has-users";

// It reads the database before any request API, so Next would otherwise prerender it at build.
export const dynamic = "force-dynamic";

export default async function Home() {
  redirect(!(await hasUsers()) ? "/setup" : "/tickets");
}
