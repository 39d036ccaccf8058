import { AppError } from "@/lib/errors";

/** A second mailbox with the same address in one workspace (unique index) is a 409 with the field named. */
export function rethrowDuplicateEmail(err: unknown, email: string): never {
  const pg = (err as { cause?: { code?: string; constraint?: string } }).cause ?? (err as { code?: string });
  if ((pg as { code?: string }).code === "23505") {
    throw new AppError("conflict", `${email} is already connected in this workspace`, {
      fields: { email: ["this mailbox is already connected"] },
    });
  }
  throw err;
}
