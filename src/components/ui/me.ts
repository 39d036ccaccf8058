/** The shape of GET /api/v1/me. */
export type Me = {
  workspace: { id: string; name: string; slug: string; createdAt: string };
  role: "owner" | "admin" | "member";
  via: "session" | "api_key";
  user: { id: string; email: string; name: string } | null;
};

export const canManage = (role: Me["role"] | undefined) => role === "owner" || role === "admin";
