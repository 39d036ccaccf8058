/**
 * Node flags every worker process runs with (`npm start`'s worker, `npm run worker`, and the
 * bench's import child, which measures a worker's memory).
 *
 * `--max-semi-space-size=16`: on a machine with a lot of memory, Node 24's V8 sizes the young
 * generation at up to 64 MB a semi-space, and the first burst of allocation (loading the app's
 * modules) grows it to that size and keeps it: 128 MB of a worker's resident memory, most of it
 * holding nothing. 16 MB (Node 20's default) keeps the worker near half that, and a worker's
 * allocations are short-lived (a job's rows, a parsed message), which young collections of that size
 * keep up with.
 */
export const WORKER_NODE_FLAGS = ["--max-semi-space-size=16"] as const;
