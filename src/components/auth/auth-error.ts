export type AuthClientError = { status?: number; code?: string; message?: string; statusText?: string };

/** Words for a failed Better Auth call that a person can act on. */
export function authErrorMessage(error: AuthClientError): string {
  if (error.status === 429) return "Too many attempts, wait a minute";
  if (error.code === "INVALID_EMAIL_OR_PASSWORD" || error.status === 401) return "Invalid email or password";
  if (error.code === "USER_ALREADY_EXISTS" || error.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL") {
    return "An account with this email already exists: log in instead";
  }
  if (error.code === "PASSWORD_TOO_SHORT") return "The password must be at least 8 characters";
  return error.message || error.statusText || "Something went wrong, try again";
}
