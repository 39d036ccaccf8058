/** Which single sign-on buttons to show (from `enabledProviders()` on the server). */
export type Providers = { google: boolean; microsoft: boolean; oidc: string | null };

export const anyProvider = (p: Providers) => p.google || p.microsoft || Boolean(p.oidc);
