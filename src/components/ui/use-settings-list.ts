"use client";
import { canManage, type Me } from "./me";
import { useApi } from "./use-api";

/**
 * What a settings list page needs: the list at `path` (`{ data: T[] }`), and whether the caller may
 * change it (`roleKnown` false until the role has loaded). Spread it into SettingsListPage.
 * `reloadAfter(fn)` wraps a form's callback so the list is fetched again after it.
 */
export function useSettingsList<T>(path: string) {
  const me = useApi<Me>("/api/v1/me");
  const list = useApi<{ data: T[] }>(path);
  const reloadAfter =
    <A>(fn: (result: A) => void = () => {}) =>
    (result: A) => {
      fn(result);
      void list.reload();
    };
  return { list, admin: canManage(me.data?.role), roleKnown: me.data !== null, reloadAfter };
}
