import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// More of the English a Korean ticket about code and the cloud writes in Hangul: the parts of a
// program (필드, 스택, 스택트레이스, 컨트롤러, 엔티티, 태스크, 스코프, 토글), how it runs
// (비동기, 병렬, 스트리밍, 롱폴링, 처리량, 폴백, 서킷브레이커, 무효화, 호환성), the cloud it runs
// in (리전, 가용영역, 서버리스, 재부팅), 복호화, 스크린리더, and the languages and
// tools by name. Each has one fixed English; broad everyday words stay out, as in 0020.
// Measured with `npm run eval:search`: every figure the same, beside the demo and among 100,000
// write-ups. 로드밸런서 / "load balancer" was tried and left out: "load balancer" then put three
// Korean write-ups before the English answers (5th, from 1st). Leads keep the list; a pair
// already there is left as it is.

export const CODE_AND_CLOUD_LOANWORDS: readonly (readonly [string, string])[] = [
  ["필드", "field"],
  ["스택", "stack"],
  ["스택트레이스", "stack trace"],
  ["컨트롤러", "controller"],
  ["엔티티", "entity"],
  ["태스크", "task"],
  ["스코프", "scope"],
  ["토글", "toggle"],
  ["비동기", "async"],
  ["비동기", "asynchronous"],
  ["병렬", "parallel"],
  ["스트리밍", "streaming"],
  ["롱폴링", "long polling"],
  ["처리량", "throughput"],
  ["폴백", "fallback"],
  ["서킷브레이커", "circuit breaker"],
  ["무효화", "invalidation"],
  ["호환성", "compatibility"],
  ["리전", "region"],
  ["가용영역", "availability zone"],
  ["서버리스", "serverless"],
  ["재부팅", "reboot"],
  ["복호화", "decrypt"],
  ["스크린리더", "screen reader"],
  ["자바", "java"],
  ["코틀린", "kotlin"],
  ["아파치", "apache"],
  ["래빗엠큐", "rabbitmq"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of CODE_AND_CLOUD_LOANWORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of CODE_AND_CLOUD_LOANWORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
