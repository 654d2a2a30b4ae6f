import { redirect } from "next/navigation";
import { hasUsers } from "@/lib/users/has-users";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect(!(await hasUsers()) ? "/setup" : "/tickets");
}
