import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The import rules of src/lib (docs/architecture.md): each folder of src/lib is an area; an area
 * imports only areas in a lower layer of this table, so the areas form a DAG. Files at the root of
 * src/lib (errors.ts, logger.ts) are not areas: anyone may import them, and they import no area.
 * src/lib never imports the web layer (src/app, src/components) or the entry points (src/worker,
 * src/cli.ts …): those compose src/lib, never the other way round.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["web"], // request helpers that need no configuration (the client address)
  ["config"],
  ["crypto", "db", "net"],
  ["queue"], // job definitions, enqueue, the worker runtime: every area may enqueue
  ["api-keys"],
  ["auth"],
  ["workspaces"],
  ["dns"], // records, providers, propagation checks, SPF/DKIM/DMARC/DNSBL: no domains table, no jobs
  ["registrars"], // registrars and the workspace's provider accounts (which may serve DNS)
  ["billing"], // Stripe: the client, its webhook, closing an unpaid order
  ["notifications"], // people's opt-in emails: preferences, queued from events, the daily digest
  ["webhooks"], // events: every emitted event goes through here (webhooks out, notifications queued)
  ["leads", "mailboxes", "campaigns"],
  ["sending"],
  ["inbox"],
  ["domains"], // a workspace's domains: shop, checkout, purchase, DNS setup, verification, health
  ["app-mail"], // the app's own email: which mailer (a chosen mailbox, SYSTEM_SMTP_URL), sending it
  ["api"],
  ["cli", "system"],
];

const root = path.resolve(import.meta.dirname, "../..");
const src = path.join(root, "src");
const lib = path.join(src, "lib");

type Import = { file: string; spec: string; target: string };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Every import of a project file (static, type-only, re-export, dynamic), resolved to a path. */
function importsOf(file: string): Import[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return importedFiles.flatMap(({ fileName: spec }) => {
    let target: string;
    if (spec.startsWith("@/")) target = path.join(src, spec.slice(2));
    else if (spec.startsWith(".")) target = path.resolve(path.dirname(file), spec);
    else return []; // a package
    return [{ file: path.relative(root, file), spec, target }];
  });
}

/** The area a path under src/lib belongs to: its first folder; null for a file at the root. */
function areaOf(p: string): string | null {
  const [first, ...rest] = path.relative(lib, p).split(path.sep);
  return rest.length > 0 ? first! : null;
}

type Edge = { from: string; to: string; via: Import };

/** Strongly connected components of more than one area (Tarjan): each one is a cycle. */
function findCycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The imports that go sideways or up the layer table (or involve an area the table lacks). */
function layerViolations(edges: Edge[], layers: readonly (readonly string[])[]): string[] {
  const layerOf = new Map(layers.flatMap((areas, i) => areas.map((a) => [a, i] as const)));
  return edges
    .filter((e) => !((layerOf.get(e.to) ?? Infinity) < (layerOf.get(e.from) ?? -Infinity)))
    .map((e) => `${e.via.file} → ${e.to} ("${e.via.spec}"): ${e.from} may not import ${e.to}`);
}

const files = sourceFiles(lib);
const imports = files.flatMap(importsOf);
const areas = readdirSync(lib).filter((n) => statSync(path.join(lib, n)).isDirectory());
const edges: Edge[] = imports.flatMap((i) => {
  const from = areaOf(path.join(root, i.file));
  const inLib = !path.relative(lib, i.target).startsWith("..");
  const to = inLib ? areaOf(i.target) : null;
  return from && to && from !== to ? [{ from, to, via: i }] : [];
});
const describeEdges = (list: Edge[]) => list.map((e) => `${e.via.file} → ${e.to} ("${e.via.spec}")`);

describe("the checker itself", () => {
  it("finds a cycle through three areas and none in a chain", () => {
    const graph = (pairs: [string, string][]) => {
      const g = new Map<string, Set<string>>();
      for (const [a, b] of pairs) g.set(a, (g.get(a) ?? new Set()).add(b)).set(b, g.get(b) ?? new Set());
      return g;
    };
    expect(
      findCycles(
        graph([
          ["a", "b"],
          ["b", "c"],
          ["c", "a"],
          ["c", "d"],
        ]),
      ),
    ).toEqual([["a", "b", "c"]]);
    expect(
      findCycles(
        graph([
          ["a", "b"],
          ["b", "c"],
        ]),
      ),
    ).toEqual([]);
  });

  it("refuses an import up or across the table, and names the file", () => {
    const via = (file: string) => ({ file, spec: "@/lib/x", target: "" });
    const layers = [["low"], ["mid", "peer"], ["high"]];
    expect(
      layerViolations(
        [
          { from: "high", to: "low", via: via("ok.ts") },
          { from: "low", to: "high", via: via("up.ts") },
          { from: "mid", to: "peer", via: via("across.ts") },
          { from: "high", to: "unlisted", via: via("unknown.ts") },
        ],
        layers,
      ),
    ).toEqual([
      'up.ts → high ("@/lib/x"): low may not import high',
      'across.ts → peer ("@/lib/x"): mid may not import peer',
      'unknown.ts → unlisted ("@/lib/x"): high may not import unlisted',
    ]);
  });

  it("sees the imports of src/lib, type-only and relative ones included", () => {
    const seen = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    const has = (file: string, spec: string) => imports.some((i) => i.file === file && i.spec === spec);
    expect(seen("domains", "dns")).toBe(true);
    expect(has("src/lib/workspaces/caller.ts", "@/lib/auth/create-auth")).toBe(true); // import type
    expect(has("src/lib/domains/checkout.ts", "./names")).toBe(true);
  });
});

describe("src/lib areas", () => {
  it("are all in the layer table, and the table names only areas that exist", () => {
    const listed = LAYERS.flat();
    expect(areas.filter((a) => !listed.includes(a))).toEqual([]);
    expect(listed.filter((a) => !areas.includes(a))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("are layered as docs/architecture.md says (its table is this one)", () => {
    const doc = readFileSync(path.join(root, "docs/architecture.md"), "utf8");
    const rows = [...doc.matchAll(/^\| (\d+) \| ((?:`[a-z-]+`(?:, )?)+) \|/gm)].map((m) =>
      [...m[2]!.matchAll(/`([a-z-]+)`/g)].map((a) => a[1]),
    );
    expect(rows).toEqual(LAYERS.map((l) => [...l]));
  });

  it("form no cycle", () => {
    const graph = new Map(areas.map((a) => [a, new Set<string>()]));
    for (const e of edges) graph.get(e.from)!.add(e.to);
    const cycles = findCycles(graph).map((cycle) => ({
      cycle: cycle.join(" <-> "),
      imports: describeEdges(edges.filter((e) => cycle.includes(e.from) && cycle.includes(e.to))),
    }));
    expect(cycles).toEqual([]);
  });

  it("import only areas in a lower layer", () => {
    expect(layerViolations(edges, LAYERS)).toEqual([]);
  });

  it("are imported by the files at the root of src/lib (errors.ts, logger.ts) never", () => {
    const fromRoot = imports.filter((i) => {
      const inLib = !path.relative(lib, i.target).startsWith("..");
      return areaOf(path.join(root, i.file)) === null && inLib && areaOf(i.target) !== null;
    });
    expect(fromRoot.map((i) => `${i.file} → ${areaOf(i.target)} ("${i.spec}")`)).toEqual([]);
  });

  it("never import the web layer or an entry point (anything in src outside src/lib)", () => {
    const outward = imports.filter((i) => {
      const toSrc = path.relative(src, i.target);
      return !toSrc.startsWith("..") && path.relative(lib, i.target).startsWith("..");
    });
    expect(outward.map((i) => `${i.file} → src/${path.relative(src, i.target)} ("${i.spec}")`)).toEqual([]);
  });
});
