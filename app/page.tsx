import { redirect } from "next/navigation";
import { hasUsers } from "@/lib/users/has-users";

// It reads the database and no request API, so Next would otherwise render it once, at build.
export const dynamic = "force-dynamic";

export default async function Home() {
  redirect(!(await hasUsers()) ? "/setup" : "/tickets");
}
