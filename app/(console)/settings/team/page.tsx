import type { Metadata } from "next";
import { currentUser } from "@/lib/auth";
import { listUsers } from "@/lib/users/list-users";
import { TeamView } from "./team-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const [users, me] = await Promise.all([listUsers(), currentUser()]);
  return <TeamView users={users} myId={me?.id ?? ""} />;
}
