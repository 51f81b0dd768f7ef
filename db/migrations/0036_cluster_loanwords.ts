import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// The words of containers, clusters and CI written in Hangul the way the English is said. Without
// them "쿠버네티스 파드 재시작 루프" was searched as "…카드…" (card) on the demo, which has no
// write-up about pods: 파드 was in no write-up, so it read as a one-letter typo of the nearest word
// that was, and the meaning changed. A word with a partner here is a real word and is never
// corrected. Each has one fixed English; broad words stay out, as in 0020 and 0031 (이벤트,
// 액션, 테스트: "event", "action", "test" are in every other write-up). Leads keep the list; a pair
// already there is left as it is.

export const CLUSTER_LOANWORDS: readonly (readonly [string, string])[] = [
  ["파드", "pod"],
  ["포드", "pod"],
  ["네임스페이스", "namespace"],
  ["디플로이먼트", "deployment"],
  ["인그레스", "ingress"],
  ["헬름", "helm"],
  ["프로브", "probe"],
  ["라이브니스", "liveness"],
  ["레디니스", "readiness"],
  ["오토스케일링", "autoscaling"],
  ["오토스케일러", "autoscaler"],
  ["볼륨", "volume"],
  ["마운트", "mount"],
  ["시크릿", "secret"],
  ["컨피그맵", "configmap"],
  ["사이드카", "sidecar"],
  ["이스티오", "istio"],
  ["데몬셋", "daemonset"],
  ["스테이트풀셋", "statefulset"],
  ["레플리카셋", "replicaset"],
  ["레지스트리", "registry"],
  ["매니페스트", "manifest"],
  ["카나리", "canary"],
  ["롤링", "rolling"],
  ["람다", "lambda"],
  ["버킷", "bucket"],
  ["파이프라인", "pipeline"],
  ["아티팩트", "artifact"],
  ["러너", "runner"],
  ["워크플로", "workflow"],
  ["워크플로우", "workflow"],
  ["린트", "lint"],
  ["커버리지", "coverage"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of CLUSTER_LOANWORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of CLUSTER_LOANWORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
