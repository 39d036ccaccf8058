/** What the workspace is told when a renewal could not be charged (UI, event payload). */
export const renewalWarning = (expiresAt: Date) =>
  `Renewal charge failed: update the card, or the domain expires on ${expiresAt.toISOString().slice(0, 10)}.`;
