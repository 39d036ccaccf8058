import { enqueue } from "@/lib/queue/enqueue";

/**
 * Queue a domain's DNS setup or verification after a user's change. No dedupe: each is a user's
 * action after a change, and both jobs are idempotent (setup runs under a per-domain lock; a
 * verification only reads and settles).
 */
export async function queueDnsJob(name: "domains.setup-dns" | "domains.verify-dns", domainId: string) {
  await enqueue(name, { domainId });
}
