import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument, operations } from "../../src/lib/api/openapi";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  $ref?: string;
  [key: string]: unknown;
};

/** Every object schema (with named properties) inside `schema`, with where it sits. */
function objectsIn(schema: unknown, at: string, out: { at: string; schema: JsonSchema }[] = []) {
  if (!schema || typeof schema !== "object") return out;
  const s = schema as JsonSchema;
  if (s.properties) out.push({ at, schema: s });
  for (const [key, value] of Object.entries(s)) {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) objectsIn(v, `${at}.${key}[${i}]`, out);
    } else if (value && typeof value === "object") objectsIn(value, `${at}.${key}`, out);
  }
  return out;
}

const jsonBodies = operations.filter((op) => op.body && !op.bodyContentType);

describe("request bodies refuse fields they do not know", () => {
  it("covers the API's JSON bodies", () => {
    expect(jsonBodies.length).toBeGreaterThan(20);
  });

  it.each(jsonBodies.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.body!] as const))(
    "%s: every object in its body is strict (the parser and the document agree)",
    (_name, body) => {
      const json = z.toJSONSchema(body, { io: "input", unrepresentable: "any" });
      const loose = objectsIn(json, "body").filter((o) => o.schema.additionalProperties !== false);
      expect(loose.map((o) => o.at)).toEqual([]);
    },
  );

  it.each(jsonBodies.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.body!] as const))(
    "%s: an unknown top-level field is an error naming it",
    (_name, body) => {
      const result = body.safeParse({ surpriseField: 1 });
      expect(result.success).toBe(false);
      const unknown = result.error!.issues.find((i) => i.code === "unrecognized_keys");
      // a union may report the discriminator first; the unknown key must be among the issues
      // unless the body's discriminator is what failed (then the variant is not known yet)
      const discriminatorFailed = result.error!.issues.some((i) => i.code === "invalid_union");
      if (!discriminatorFailed) expect(unknown).toMatchObject({ keys: ["surpriseField"] });
    },
  );

  it("the OpenAPI document says additionalProperties: false for each request body it lists", () => {
    const doc = buildOpenApiDocument("http://localhost") as unknown as {
      components: { schemas: Record<string, JsonSchema> };
    };
    for (const op of jsonBodies) {
      const id = z.globalRegistry.get(op.body!)?.id as string;
      const objects = objectsIn(doc.components.schemas[id], id);
      for (const o of objects) expect(o.schema.additionalProperties, o.at).toBe(false);
    }
  });
});
