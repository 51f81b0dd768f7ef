import { describe } from "vitest";
import { CODE_AND_CLOUD_LOANWORDS } from "#db/migrations/0056_code_and_cloud_loanwords";
import { synonymPairCases } from "../support/synonym-pairs";

// Korean words for code and the cloud (migration 0056), typed where the write-up says the English:
// each finds the write-up that says it in English.

/** Each pair's first word as typed, and a write-up saying only its partner. */
const SAID_OTHERWISE: readonly [typed: string, title: string][] = [
  ["필드", "Invoice field cleared on save"],
  ["스택", "Worker overflows its stack on deep carts"],
  ["스택트레이스", "Error page shows the stack trace to customers"],
  ["컨트롤러", "Refund controller skips the permission check"],
  ["엔티티", "Order entity loads every line item"],
  ["태스크", "Nightly task runs on two hosts"],
  ["스코프", "Token scope too wide for the partner app"],
  ["토글", "Dark theme toggle ignored on reload"],
  ["비동기", "Async export never reports completion"],
  ["병렬", "Parallel imports overwrite each other"],
  ["스트리밍", "Streaming export stops at 10 MB"],
  ["롱폴링", "Long polling requests pile up on the proxy"],
  ["처리량", "Throughput halves after the upgrade"],
  ["폴백", "Fallback font missing for receipts"],
  ["서킷브레이커", "Circuit breaker never closes again"],
  ["무효화", "Cache invalidation misses price changes"],
  ["호환성", "Compatibility mode breaks the editor"],
  ["리전", "One region serves stale settings"],
  ["가용영역", "Availability zone outage took the queue down"],
  ["서버리스", "Serverless thumbnails time out"],
  ["재부팅", "Hosts reboot during the backup window"],
  ["복호화", "Cannot decrypt old webhook secrets"],
  ["스크린리더", "Screen reader skips the error summary"],
  ["자바", "Java client drops the retry header"],
  ["코틀린", "Kotlin coroutine leaks on cancel"],
  ["아파치", "Apache rewrites the callback URL"],
  ["래빗엠큐", "RabbitMQ queue grows without consumers"],
];

describe("code and cloud loanwords (migration 0056)", () => {
  synonymPairCases(CODE_AND_CLOUD_LOANWORDS, SAID_OTHERWISE);
});
