import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// More of the English that Korean engineers write in Hangul, and the other way round: the
// services and tools a Korean team names (네이버 for Naver, 젠킨스 for Jenkins), scheduling,
// replication and failover, text encodings, mobile links, packaging, and the engineering terms
// with one fixed translation (불일치 for mismatch, 동시성 for concurrency). A fresh set of judged
// Korean queries written apart from the search found these missing (npm run eval:search). Broad
// everyday words (요청 "request", 응답 "response", 파일 "file", 데이터 "data") stay out, as in
// 0020: their English partners let short English texts outrank the Korean answer. Leads keep the
// list; a pair already there is left as it is.

export const LOANWORDS: readonly (readonly [string, string])[] = [
  // Services and tools
  ["네이버", "naver"],
  ["카카오", "kakao"],
  ["카카오톡", "kakaotalk"],
  ["구글", "google"],
  ["애플", "apple"],
  ["슬랙", "slack"],
  ["깃허브", "github"],
  ["깃랩", "gitlab"],
  ["지라", "jira"],
  ["젠킨스", "jenkins"],
  ["엔진엑스", "nginx"],
  ["톰캣", "tomcat"],
  ["엘라스틱서치", "elasticsearch"],
  ["몽고디비", "mongodb"],
  ["포스트그레스", "postgres"],
  ["파이어베이스", "firebase"],
  ["센트리", "sentry"],
  ["그라파나", "grafana"],
  ["테라폼", "terraform"],
  // Scheduling, jobs and concurrency
  ["크론잡", "cronjob"],
  ["스케쥴러", "scheduler"],
  ["스케줄", "schedule"],
  ["스케쥴", "schedule"],
  ["동시성", "concurrency"],
  ["경합", "contention"],
  ["잠금", "lock"],
  ["뮤텍스", "mutex"],
  ["데몬", "daemon"],
  ["프로세스", "process"],
  ["가비지", "garbage"],
  ["스왑", "swap"],
  // Databases and replication
  ["리플리케이션", "replication"],
  ["레플리케이션", "replication"],
  ["복제", "replication"],
  ["페일오버", "failover"],
  ["프라이머리", "primary"],
  ["세컨더리", "secondary"],
  ["덤프", "dump"],
  ["옵티마이저", "optimizer"],
  // Text and encodings
  ["캐릭터셋", "charset"],
  ["문자셋", "charset"],
  ["유니코드", "unicode"],
  ["이모지", "emoji"],
  ["직렬화", "serialization"],
  ["역직렬화", "deserialization"],
  ["포맷", "format"],
  ["정규식", "regex"],
  // Web, mobile and networks
  ["프론트엔드", "frontend"],
  ["백엔드", "backend"],
  ["웹뷰", "webview"],
  ["딥링크", "deeplink"],
  ["썸네일", "thumbnail"],
  ["엑셀", "excel"],
  ["페이지네이션", "pagination"],
  ["페이징", "paging"],
  ["라우팅", "routing"],
  ["방화벽", "firewall"],
  ["대역폭", "bandwidth"],
  ["패킷", "packet"],
  ["호스트", "host"],
  ["서브도메인", "subdomain"],
  ["쓰로틀링", "throttling"],
  ["얼럿", "alert"],
  ["알람", "alert"],
  ["임계값", "threshold"],
  // Packages and releases
  ["패키지", "package"],
  ["라이브러리", "library"],
  ["의존성", "dependency"],
  ["디펜던시", "dependency"],
  ["플러그인", "plugin"],
  ["업그레이드", "upgrade"],
  ["다운그레이드", "downgrade"],
  ["패치", "patch"],
  ["버전", "version"],
  // Checks and accounts
  ["불일치", "mismatch"],
  ["유효성", "validation"],
  ["검증", "verification"],
  ["계정", "account"],
  ["역할", "role"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of LOANWORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of LOANWORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
