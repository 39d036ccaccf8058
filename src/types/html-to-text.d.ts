// html-to-text ships no types; mailparser depends on it, and the inbox calls the one function it needs.
declare module "html-to-text" {
  export function compile(options?: Record<string, unknown>): (html: string) => string;
}
