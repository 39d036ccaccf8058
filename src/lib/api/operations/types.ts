import type { z } from "zod";
import type { WorkspaceRole } from "@/lib/db/schema";

export type Operation = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** for multipart uploads and other non-JSON bodies */
  bodyContentType?: string;
  response?: z.ZodType;
  status?: number;
  public?: boolean;
  /** least workspace role needed (the route's apiRoute `role`); default: any member */
  role?: WorkspaceRole;
  query?: z.ZodType;
  /** request headers the operation reads, by name */
  headers?: { name: string; description: string }[];
};
