// Plain English words that say how or when, rarely what.

/**
 * In a long text (a ticket's description, a paste) these are chosen after its other words, as
 * rare as they may be in a small knowledge base: a ticket about health check timeouts ("under
 * load the app ... gets marked unhealthy, which makes it worse") was searched by "under",
 * "makes" and "worse", and not by "load" and "balancer". Measured with `npm run eval:search`'s
 * related write-ups: English MRR@5 0.932 -> 0.938 and unrelated write-ups shown 1.26 -> 1.15 a
 * ticket beside the demo (one second answer of a case kept aside lost: recall@5 0.793 -> 0.775);
 * among 100,000 write-ups recall@5 0.632 -> 0.674. No search box query moved.
 */
export const PLAIN_WORDS: ReadonlySet<string> = new Set(
  `make makes made making get gets got getting go goes went gone going worse better still always
  never ever really actually even already maybe instead quite much many lot lots thing things
  seem seems seemed look looks looked like since though although because under without within
  around anyway somehow sometimes often usually whenever whatever whether yet`.split(/\s+/),
);
