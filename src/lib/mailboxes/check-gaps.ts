import { mailboxes } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

/**
 * The gap check across what is given and what is stored (or the column defaults): a request that
 * sets only the minimum must still leave it at or under the maximum.
 */
export function checkGaps(
  given: { minGapMinutes?: number; maxGapMinutes?: number },
  current: { minGapMinutes: number; maxGapMinutes: number } = {
    minGapMinutes: mailboxes.minGapMinutes.default as number,
    maxGapMinutes: mailboxes.maxGapMinutes.default as number,
  },
): void {
  const min = given.minGapMinutes ?? current.minGapMinutes;
  const max = given.maxGapMinutes ?? current.maxGapMinutes;
  if (min > max) {
    throw new AppError("validation", "invalid body: minGapMinutes", {
      fields: {
        minGapMinutes: [`the minimum gap (${min} min) must not exceed the maximum gap (${max} min)`],
      },
    });
  }
}
