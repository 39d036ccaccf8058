import { describe, expect, it } from "vitest";
import { copyTextRow } from "../../src/lib/leads/copy-text-row";

describe("COPY text rows", () => {
  it("joins fields with tabs, writes null as \\N and ends the line", () => {
    expect(copyTextRow([12, "ann@acme.test", null, undefined, "Acme"])).toBe(
      "12\tann@acme.test\t\\N\t\\N\tAcme\n",
    );
  });

  it("escapes what COPY would read as a separator, a line end or an escape, so a value stays one field", () => {
    expect(copyTextRow(["a\tb", "line 1\nline 2", "cr\r", "back\\slash", '{"k":"v\\"q"}'])).toBe(
      'a\\tb\tline 1\\nline 2\tcr\\r\tback\\\\slash\t{"k":"v\\\\"q"}\n',
    );
    // the literal text \N is a value, not null
    expect(copyTextRow(["\\N"])).toBe("\\\\N\n");
  });
});
