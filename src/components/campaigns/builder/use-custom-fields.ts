"use client";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";

type LeadSample = { data: { customFields: Record<string, string> }[] };

/**
 * Custom field names (CSV headers kept at import) to offer as variables, read from a page of the
 * workspace's leads: there is no endpoint listing them, and a sample of 200 finds the usual ones.
 */
export function useCustomFields(): string[] {
  const [fields, setFields] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    api<LeadSample>("/api/v1/leads?pageSize=200")
      .then((page) => {
        const names = new Set(page.data.flatMap((l) => Object.keys(l.customFields ?? {})));
        if (live) setFields([...names].sort((a, b) => a.localeCompare(b)));
      })
      .catch(() => {
        // the picker still offers the standard fields
      });
    return () => {
      live = false;
    };
  }, []);
  return fields;
}
