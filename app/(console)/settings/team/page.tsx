import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { listUsers } from "@/lib/users/list-users";
import { TeamView } from "./team-view";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const me = await requireAdmin("/settings/team");
  if (!me) return null;
  const users = await listUsers();
  return <TeamView users={users} myId={me.id} />;
}
