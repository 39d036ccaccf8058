import sanitize from "sanitize-html";

/**
 * HTML of received mail as we store and show it: formatting and links stay; scripts, styles that
 * can phone home, forms, frames and event handlers go; remote images are kept only over https.
 * The page shows it in a sandboxed iframe as well.
 */
export function sanitizeEmailHtml(html: string): string {
  return sanitize(html, {
    allowedTags: sanitize.defaults.allowedTags.concat(["img", "span", "font", "center", "u", "s"]),
    allowedAttributes: {
      a: ["href", "title"],
      img: ["src", "alt", "width", "height"],
      td: ["colspan", "rowspan", "align", "valign"],
      th: ["colspan", "rowspan", "align", "valign"],
      table: ["width", "cellpadding", "cellspacing", "border"],
      font: ["color"],
      "*": ["style", "dir", "lang"],
    },
    allowedSchemes: ["https", "http", "mailto", "tel"],
    allowedSchemesByTag: { img: ["https", "cid", "data"] },
    allowedStyles: {
      "*": {
        color: [/^[#\w\s(),.%-]+$/],
        "background-color": [/^[#\w\s(),.%-]+$/],
        "text-align": [/^(left|right|center|justify)$/],
        "font-weight": [/^\w+$/],
        "font-style": [/^\w+$/],
        "text-decoration": [/^[\w\s-]+$/],
      },
    },
    transformTags: {
      a: sanitize.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
    },
  });
}
