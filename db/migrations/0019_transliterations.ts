import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Korean engineers write many English terms in Hangul ("컨슈머 랙" for consumer lag, "롤백" for
// rollback) while write-ups keep the English, and the other way round. 0008 seeded 48 pairs;
// these are the loanwords and everyday terms of queues, databases, deploys, networks, front ends
// and payments that the seed lacked. Leads keep the list; a pair already there is left as it is.

export const TRANSLITERATIONS: readonly (readonly [string, string])[] = [
  // Queues and streams
  ["컨슈머", "consumer"],
  ["프로듀서", "producer"],
  ["랙", "lag"],
  ["파티션", "partition"],
  ["토픽", "topic"],
  ["브로커", "broker"],
  ["오프셋", "offset"],
  ["리밸런싱", "rebalancing"],
  ["카프카", "kafka"],
  ["레디스", "redis"],
  ["워커", "worker"],
  ["폴링", "polling"],
  ["콜백", "callback"],
  ["리트라이", "retry"],
  // Databases
  ["트랜잭션", "transaction"],
  ["롤백", "rollback"],
  ["커밋", "commit"],
  ["데드락", "deadlock"],
  ["스키마", "schema"],
  ["테이블", "table"],
  ["컬럼", "column"],
  ["칼럼", "column"],
  ["레코드", "record"],
  ["레플리카", "replica"],
  ["샤드", "shard"],
  ["스냅샷", "snapshot"],
  ["백업", "backup"],
  ["복구", "recovery"],
  ["복원", "restore"],
  ["스토리지", "storage"],
  ["용량", "capacity"],
  // Services, networks, operations
  ["레이턴시", "latency"],
  ["스로틀링", "throttling"],
  ["트래픽", "traffic"],
  ["스파이크", "spike"],
  ["쿼터", "quota"],
  ["한도", "limit"],
  ["리밋", "limit"],
  ["컨테이너", "container"],
  ["쿠버네티스", "kubernetes"],
  ["도커", "docker"],
  ["클러스터", "cluster"],
  ["노드", "node"],
  ["인스턴스", "instance"],
  ["엔드포인트", "endpoint"],
  ["게이트웨이", "gateway"],
  ["밸런서", "balancer"],
  ["헬스체크", "healthcheck"],
  ["페이로드", "payload"],
  ["헤더", "header"],
  ["파라미터", "parameter"],
  ["소켓", "socket"],
  ["웹소켓", "websocket"],
  ["커넥션", "connection"],
  ["연결", "connection"],
  ["핸드셰이크", "handshake"],
  ["업스트림", "upstream"],
  ["다운스트림", "downstream"],
  ["인코딩", "encoding"],
  ["디코딩", "decoding"],
  ["파싱", "parsing"],
  ["암호화", "encryption"],
  ["해시", "hash"],
  ["서명", "signature"],
  ["로그", "log"],
  ["로깅", "logging"],
  ["모니터링", "monitoring"],
  ["대시보드", "dashboard"],
  ["메트릭", "metric"],
  ["예외", "exception"],
  ["익셉션", "exception"],
  ["스레드", "thread"],
  ["쓰레드", "thread"],
  ["빌드", "build"],
  ["릴리스", "release"],
  ["릴리즈", "release"],
  ["핫픽스", "hotfix"],
  ["브랜치", "branch"],
  ["머지", "merge"],
  ["플래그", "flag"],
  ["설정", "config"],
  ["환경변수", "env"],
  ["변수", "variable"],
  ["타임존", "timezone"],
  ["시간대", "timezone"],
  ["로케일", "locale"],
  // Front ends and mobile
  ["브라우저", "browser"],
  ["모바일", "mobile"],
  ["안드로이드", "android"],
  ["아이폰", "iphone"],
  ["버튼", "button"],
  ["모달", "modal"],
  ["드롭다운", "dropdown"],
  ["체크박스", "checkbox"],
  ["렌더링", "rendering"],
  ["스크롤", "scroll"],
  ["접근성", "accessibility"],
  // Payments and orders
  ["주문", "order"],
  ["쿠폰", "coupon"],
  ["영수증", "receipt"],
  ["할인", "discount"],
  ["청구", "billing"],
  ["빌링", "billing"],
  ["세금", "tax"],
  ["배송", "shipping"],
  ["재고", "inventory"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of TRANSLITERATIONS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of TRANSLITERATIONS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
