"use client";
import { canManage, type Me } from "./me";
import { useApi } from "./use-api";

/** The hint shown on controls a member may not use (the API answers 403 to them). */
export const ADMIN_ONLY_HINT = "Only workspace owners and admins can do this";

/** Whether the signed-in person is an owner or admin of the active workspace (false while loading). */
export function useIsAdmin(): boolean {
  return canManage(useApi<Me>("/api/v1/me").data?.role);
}
