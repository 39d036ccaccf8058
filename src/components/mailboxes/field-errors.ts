import type { UseFormReturnType } from "@mantine/form";
import { ApiError } from "@/components/ui/api";

/** Put a 400's field errors beside the fields (the API's paths are the form's: "smtp.port"). */
export function showFieldErrors(form: UseFormReturnType<never>, err: unknown): boolean {
  if (!(err instanceof ApiError) || Object.keys(err.fields).length === 0) return false;
  form.setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, v.join("; ")])));
  return true;
}
