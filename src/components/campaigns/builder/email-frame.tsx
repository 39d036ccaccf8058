"use client";
import { useState } from "react";

const frameStyle = "body{font-family:Arial,sans-serif;font-size:14px;line-height:1.5;color:#222;margin:12px}";

/**
 * Rendered email HTML in an iframe that runs no scripts (`sandbox` without allow-scripts).
 * allow-same-origin only lets this page read the frame's height, to fit it to the email.
 */
export function EmailFrame({ html }: { html: string }) {
  const [height, setHeight] = useState(160);
  return (
    <iframe
      title="Email preview"
      sandbox="allow-same-origin"
      srcDoc={`<!doctype html><base target="_blank"><style>${frameStyle}</style>${html}`}
      onLoad={(e) => {
        const doc = e.currentTarget.contentDocument;
        if (doc) setHeight(Math.min(Math.max(doc.documentElement.scrollHeight, 80), 900));
      }}
      style={{ width: "100%", height, border: 0, background: "white", display: "block" }}
      data-testid="preview-html"
    />
  );
}
