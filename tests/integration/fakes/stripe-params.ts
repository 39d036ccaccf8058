import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The parameters Stripe accepts, read from the request types of the `stripe` SDK we ship
 * (node_modules/stripe/cjs/resources/*.d.ts), so the fake refuses what the real API refuses and
 * follows the SDK when it is upgraded. `paramsOf("Checkout/Sessions", "SessionCreateParams.LineItem")`
 * → the keys of that interface (nested interfaces by their dotted namespace path).
 */
const cache = new Map<string, Map<string, Set<string>>>();

export function paramsOf(resource: string, typePath: string): Set<string> {
  let types = cache.get(resource);
  if (!types) {
    const root = path.resolve(import.meta.dirname, "../../../node_modules/stripe");
    types = interfacesIn(readFileSync(path.join(root, "cjs/resources", `${resource}.d.ts`), "utf8"));
    cache.set(resource, types);
  }
  const keys = types.get(typePath);
  if (!keys) throw new Error(`no interface ${typePath} in stripe's ${resource}.d.ts`);
  return keys;
}

/** Every interface's own keys by dotted path, from a declaration file (comments stripped). */
function interfacesIn(source: string): Map<string, Set<string>> {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const out = new Map<string, Set<string>>();
  // one frame per open brace: a namespace or interface by name, or an inline type (null)
  const stack: ({ kind: "namespace" | "interface"; name: string } | null)[] = [];
  const pathOf = () =>
    stack
      .filter((f): f is NonNullable<typeof f> => f !== null)
      .map((f) => f.name)
      .join(".");
  for (const line of text.split("\n")) {
    const top = stack[stack.length - 1];
    const key = line.match(/^\s*(\w+)\??\s*:/);
    if (top?.kind === "interface" && key) out.get(pathOf())!.add(key[1]!);
    const opens = line.match(/^\s*(?:export\s+)?(?:declare\s+)?(namespace|interface)\s+(\w+)[^{]*\{\s*$/);
    if (opens) {
      stack.push({ kind: opens[1] as "namespace" | "interface", name: opens[2]! });
      if (opens[1] === "interface") out.set(pathOf(), new Set());
      continue;
    }
    for (const c of line) {
      if (c === "{") stack.push(null);
      else if (c === "}") stack.pop();
    }
  }
  return out;
}
