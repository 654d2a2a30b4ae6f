"use client";

import { useRouter } from "next/navigation";
import { apiFetch } from "@/components/api-fetch";
import { formatDateTime } from "@/components/format";
import { Flash, useApiAction } from "@/components/use-api-action";
import type { TUserView } from "@/lib/users/serialize-user";
import { DataTable } from "@/components/data-table";

export function TeamView({ users, myId }: { users: TUserView[]; myId: string }) {
  const router = useRouter();
  const { busy, message, run: runAction } = useApiAction();

  const run = (action: () => Promise<unknown>, ok: string, form?: HTMLFormElement) =>
    runAction(async () => {
      await action();
      form?.reset();
      router.refresh();
      return ok;
    });

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const body = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      role: String(form.get("role") ?? "agent"),
    };
    void run(() => apiFetch("/api/v1/users", { method: "POST", body }), `${body.email} can now sign in. Give them the password through a separate channel.`, formEl);
  }

  const patch = (user: TUserView, body: Record<string, unknown>, ok: string) =>
    run(() => apiFetch(`/api/v1/users/${user.id}`, { method: "PATCH", body }), ok);

  return (
    <div className="stack">
      <h2 style={{ margin: 0 }}>Team</h2>
      <div aria-live="polite">
        <Flash message={message} />
      </div>
      <DataTable columns={["Name", "Email", "Role", "Status", "Since"]} actions>
        {users.map((u) => (
          <tr key={u.id}>
            <td>
              {u.name}
              {u.id === myId && <span className="muted"> (you)</span>}
            </td>
            <td>{u.email}</td>
            <td>
              <label className="sr-only" htmlFor={`role-${u.id}`}>
                Role of {u.email}
              </label>
              <select
                id={`role-${u.id}`}
                value={u.role}
                disabled={busy || u.id === myId}
                onChange={(e) => patch(u, { role: e.target.value }, `${u.email} is now ${e.target.value === "admin" ? "an admin" : "an agent"}.`)}
              >
                <option value="agent">Agent</option>
                <option value="admin">Admin</option>
              </select>
            </td>
            <td>{u.disabled ? <span className="badge badge-revoked">disabled</span> : <span className="badge badge-open">active</span>}</td>
            <td>{formatDateTime(u.createdAt)}</td>
            <td>
              {u.id !== myId &&
                (u.disabled ? (
                  <button type="button" className="btn btn-small" disabled={busy} onClick={() => patch(u, { disabled: false }, `${u.email} can sign in again.`)}>
                    Enable <span className="sr-only">{u.email}</span>
                  </button>
                ) : (
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    disabled={busy}
                    onClick={() => patch(u, { disabled: true }, `${u.email} is disabled and signed out everywhere.`)}
                  >
                    Disable <span className="sr-only">{u.email}</span>
                  </button>
                ))}
            </td>
          </tr>
        ))}
      </DataTable>

      <section className="card" aria-labelledby="add-user">
        <h3 id="add-user" style={{ marginTop: 0 }}>
          Add a team member
        </h3>
        <form method="post" onSubmit={onCreate}>
          <div className="grid-2">
            <div className="field">
              <label htmlFor="new-name">Name</label>
              <input id="new-name" name="name" required maxLength={120} autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="new-email">Email</label>
              <input id="new-email" name="email" type="email" required autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="new-password">Initial password</label>
              <input id="new-password" name="password" type="password" required minLength={12} autoComplete="new-password" aria-describedby="new-password-hint" />
              <span id="new-password-hint" className="hint">
                At least 12 characters.
              </span>
            </div>
            <div className="field">
              <label htmlFor="new-role">Role</label>
              <select id="new-role" name="role" defaultValue="agent">
                <option value="agent">Agent: works tickets and watches recordings</option>
                <option value="admin">Admin: also manages settings, team and audit log</option>
              </select>
            </div>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Add member
          </button>
        </form>
      </section>
    </div>
  );
}
