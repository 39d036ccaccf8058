import type { authClient } from "@/lib/auth/client";

type FullOrganization = NonNullable<
  Awaited<ReturnType<typeof authClient.organization.getFullOrganization>>["data"]
>;
export type Member = FullOrganization["members"][number];
export type Invitation = FullOrganization["invitations"][number];
export type Role = "owner" | "admin" | "member";

export const inviteLink = (invitationId: string) => `${window.location.origin}/invite/${invitationId}`;

/** Roles a person may hand out: only owners make owners (Better Auth enforces the same). */
export const assignableRoles = (myRole: Role | undefined): Role[] =>
  myRole === "owner" ? ["member", "admin", "owner"] : ["member", "admin"];

export const roleOptions = (roles: Role[]) =>
  roles.map((r) => ({ value: r, label: r[0]!.toUpperCase() + r.slice(1) }));
