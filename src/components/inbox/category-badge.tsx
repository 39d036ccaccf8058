import { Badge } from "@mantine/core";
import { type Category, categoryLabels, type Intent, intentLabels } from "./types";

const categoryColors: Record<Category, string> = {
  reply: "blue",
  auto_reply: "gray",
  bounce: "red",
  complaint: "red",
  unsubscribe_request: "orange",
  other: "gray",
};

const intentColors: Record<Intent, string> = {
  interested: "teal",
  meeting_request: "grape",
  not_interested: "pink",
  wrong_person: "yellow",
  other: "blue",
};

/** A reply shows its intent ("Interested"); anything else its category ("Bounce"). */
export function CategoryBadge({ category, intent }: { category: Category | null; intent: Intent | null }) {
  if (category === "reply" && intent) {
    return (
      <Badge size="sm" variant="light" color={intentColors[intent]}>
        {intentLabels[intent]}
      </Badge>
    );
  }
  if (!category) return null;
  return (
    <Badge size="sm" variant="light" color={categoryColors[category]}>
      {categoryLabels[category]}
    </Badge>
  );
}
