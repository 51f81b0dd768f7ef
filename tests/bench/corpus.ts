// A deterministic corpus of write-ups for `npm run bench:search`: a few KB each, written the way
// Hanbit Pay's engineers write them (prose, pasted errors, stack lines, file paths, ids), with
// Zipf-like word frequencies so a few terms are in most write-ups and most are in few.
import type { Resolution } from "#db/schema";
import type { WriteupInput } from "~/knowledge/writeups.server";

// -------------------------------------------------------------------------------------------
// Randomness: one seeded generator, so the same N gives the same corpus on every machine.

export type Rng = () => number;

/** mulberry32: small, fast, and good enough for picking words. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`index ${index} out of range`);
  return item;
}

const uniform = <T>(rng: Rng, list: readonly T[]): T => at(list, Math.floor(rng() * list.length));

/** Picks from `items` with probability ∝ 1 / rank^s (rank 1 is the first item). */
export class Zipf<T> {
  private readonly cumulative: Float64Array;
  constructor(
    readonly items: readonly T[],
    s = 1,
  ) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      sum += 1 / (i + 1) ** s;
      this.cumulative[i] = sum;
    }
    for (let i = 0; i < items.length; i++) this.cumulative[i] = (this.cumulative[i] ?? 0) / sum;
  }
  pick(rng: Rng): T {
    const r = rng();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 1) < r) lo = mid + 1;
      else hi = mid;
    }
    return at(this.items, lo);
  }
}

// -------------------------------------------------------------------------------------------
// Vocabulary. Lists are in rough order of frequency: the Zipf rank is the position.

const words = (text: string) => text.trim().split(/\s+/);

const FUNCTION_WORDS = words(`
  the to a and of in is on for it was that with when not from as by be this at after but or
  are we an if so no then all one which has have had only its they their there were been can
  will would could should before because into out up still again also than more some any each
  every same other new first last just now while until about over under without between during
  through per our us you your them these those what who why how where does did do make made get
  got see saw two three once twice never always often instead even yet both either via against
  around across behind since here very much many most few less least another such own off down
  back well too next already later soon`);

const NOUNS = words(`
  payment error invoice request merchant customer card refund session user account token search
  index query notification email webhook import export file row column page button form field
  worker queue job retry timeout server database table transaction settlement payout ledger
  balance currency amount total tax receipt template message event log trace stack test fix
  release deploy config setting flag cache memory latency response status code value key id date
  time zone locale browser client api endpoint route handler loader action component dashboard
  report chart filter sort result list item order cart checkout charge decline dispute
  subscription plan price discount coupon credit debit bank acquirer issuer gateway provider
  partner network connection socket proxy certificate header cookie password login role
  permission admin team organisation tenant region cluster host node process thread lock
  migration schema constraint trigger backup script cron schedule batch chunk limit offset cursor
  version build bundle dependency library package module function method class type string
  number object array map promise callback stream buffer encoding character byte line parser
  format csv json pdf sms push alert monitor metric incident outage ticket support review
  symptom cause workaround regression spike mismatch duplicate conflict race deadlock leak crash
  exception warning failure success attempt delay backlog throughput window threshold quota rate
  budget storage disk volume instance container image pod service domain dns record mail spam
  bounce delivery recipient sender subject body attachment link url path directory environment
  variable secret credential signature hash digest nonce otp device phone mobile app screen modal
  tooltip banner spinner cell footer sidebar menu tab label input option default week month
  year day hour minute second morning night weekend holiday customer staff finance marketing
  operations office meeting channel note document wiki runbook guide policy decision reason
  question answer idea step part case example sample count size length difference change diff
  commit branch pull review comment approval owner reporter assignee mentor newcomer cohort
  checkpoint track progress estimate priority severity impact scope risk cost`);

const VERBS = words(`
  fail return throw show send receive load save update create delete render parse validate
  retry restart deploy revert merge import export index search match sort filter format round
  convert compute calculate check verify log trace debug reproduce fix test run call read write
  open close start stop wait hang crash block lock unlock expire refresh rotate revoke sign
  encrypt decrypt hash encode decode escape quote split join append insert skip drop miss lose
  duplicate cancel refund charge capture authorise settle reconcile schedule queue process
  handle dispatch notify subscribe unsubscribe register resolve reject accept approve assign
  claim release upgrade downgrade migrate backfill rebuild reindex optimise cache evict flush
  sync poll stream upload download display hide click type paste scroll submit redirect
  navigate hydrate mount report ask answer explain confirm compare measure count group order
  limit page batch split print inspect profile rename move copy remove add keep replace`);

const ADJECTIVES = words(`
  wrong empty missing stale slow fast old invalid valid expired broken blank partial late early
  local remote global private public internal external manual automatic nightly daily monthly
  weekly hourly random intermittent consistent silent visible hidden correct incorrect
  unexpected expected large small long short high low full null custom legacy deprecated async
  concurrent idle active pending failed successful stuck flaky noisy quiet secure cached unique
  nested optional required readable garbled truncated rounded negative positive zero multiple
  single whole entire exact recent previous current original actual real staging production
  desktop korean english european domestic foreign careful obvious simple tricky clear unclear
  safe unsafe temporary permanent first second third`);

const GENERAL = words(`
  people someone everyone colleague engineer developer designer manager question morning evening
  afternoon yesterday today tomorrow earlier meanwhile however therefore although whether
  probably usually actually finally quickly slowly clearly easily rarely sometimes apparently
  luckily unfortunately eventually immediately somewhere somehow anything nothing everything
  something reason result effect detail context history background summary overview
  introduction conclusion lesson mistake assumption guess hypothesis experiment evidence proof
  observation pattern signal noise habit routine rule exception habitually carefully correctly
  honestly seriously properly roughly nearly almost exactly directly indirectly recently
  previously initially originally currently temporarily permanently occasionally frequently
  regularly constantly briefly completely partially entirely mostly mainly largely fully
  hardly barely merely simply basically essentially generally specifically particularly
  especially notably importantly interestingly surprisingly naturally obviously certainly
  definitely possibly perhaps maybe likely unlikely`);

/** Rare enough that each is in roughly one write-up in two thousand. */
export const RARE_WORDS = words(`
  quiescent semaphore kerning ellipsis idempotence tombstone backpressure hysteresis jitter
  watermark sharding quorum lamport vector clockskew coalesce debounce throttle memoize
  serialise marshal unmarshal varint protobuf flatbuffer msgpack bson avro parquet arrow
  lz4 zstd brotli gzip deflate inflate checksum crc32 adler murmur xxhash siphash bloom
  cuckoo trie radix skiplist treap btree lsm compaction vacuum wal checkpointing fsync
  fdatasync mmap madvise hugepage numa affinity cgroup seccomp apparmor selinux capabilities
  namespace chroot overlayfs tmpfs inode dentry ulimit rlimit epoll kqueue iouring reactor
  proactor coroutine fiber greenlet goroutine actor mailbox supervisor saga outbox inbox
  choreography orchestration bulkhead sidecar ambassador strangler facade adapter decorator
  visitor memento flyweight singleton prototype builder factory mediator observer iterator
  interpreter combinator monad functor applicative lens prism traversal catamorphism
  anamorphism zipper finger rope gap piece buffer bitmap roaring hyperloglog countmin
  reservoir stratified bootstrap jackknife bayesian posterior prior likelihood entropy
  perplexity tokenizer stemmer lemmatizer stopword bigram trigram ngram shingle minhash
  simhash levenshtein damerau jaro winkler soundex metaphone phonetic transliteration
  romanisation hangul jamo syllable morpheme grapheme codepoint surrogate normalisation nfc
  nfd nfkc nfkd bidi ligature hyphenation justification baseline ascender descender leading`);

const KOREAN_WORDS = words(`
  결제 오류 카드 승인 취소 환불 정산 가맹점 고객 영수증 알림 알림톡 문자 발송 실패 지연 로그인
  비밀번호 세션 만료 검색 결과 가져오기 내보내기 파일 인코딩 대시보드 화면 버튼 금액 원화 수수료
  세금 계산서 설정 변경 배포 재시작 워커 재시도 시간 초과 응답 요청 서버 데이터베이스 색인
  재구축 확인 원인 수정 테스트 재현 로그 에러 메시지 사용자 관리자 권한 고객센터 문의 답변 주문
  상품 매출 보고서 월말 일일 야간 주간 작업 스크립트 백업 복구 중복 누락 깨짐 표시 형식 날짜
  시간대 때문에 그리고 하지만 다시 이후 이전 모든 일부 항상 가끔`);
const KOREAN_PARTICLES = ["", "", "", "가", "를", "이", "은", "는", "에서", "의", "로"];

/** Stock phrases, so that quoted-phrase searches find something. */
export const PHRASES = [
  "out of memory",
  "invoice export",
  "card was declined",
  "session expired",
  "connection reset by peer",
  "works as designed",
  "could not reproduce",
  "the notification worker",
  "race condition",
  "time zone",
  "idempotency key",
  "dead letter queue",
  "rate limit",
  "feature flag",
  "stack trace",
  "heap snapshot",
  "query plan",
  "slow query log",
  "full table scan",
  "unique index",
  "foreign key",
  "read timeout",
  "retry policy",
  "load balancer",
  "keep alive",
  "access token",
  "password reset",
  "two factor",
  "settlement file",
  "bank transfer",
  "credit note",
  "tax invoice",
  "exchange rate",
  "rounding error",
  "daylight saving time",
  "hydration error",
  "dark mode",
  "screen reader",
];

/** Ids that recur across write-ups (the same stuck job, the same bad deploy), and get pasted. */
export const RECURRING_HEX = [
  "0x7f3a9c",
  "0x4be91f",
  "0x5f20ab",
  "0x91c4d2",
  "0x0d15ea",
  "0x3c77e1",
  "0xa11ce5",
  "0x6b0b5e",
];

export const COMPONENTS = ["billing", "auth", "search", "notifications", "imports", "web-ui"];

const PASCAL_NOUNS = words(`
  Invoice Payment Refund Card Session Token Search Index Notification Webhook Import Settlement
  Merchant Ledger Receipt Template Queue Export Report Account User Checkout Cart Order Payout
  Tax Currency Sms Email Push Otp Password Schedule Batch Csv Pdf Money Balance Dispute Retry`);
const ROLES = words(`
  Renderer Service Client Worker Repository Controller Validator Exporter Importer Mailer Handler
  Formatter Cache Policy Scheduler Provider Parser Builder Store Loader`);
const METHODS = words(`
  render run send handle validate parse load save apply format get create update delete retry
  sync flush build resolve dispatch verify compute prorate enqueue`);
const ERROR_NOUNS = words(`
  PAYMENT EXPORT INVOICE SESSION TOKEN OTP WEBHOOK SMS EMAIL SEARCH INDEX QUERY CARD REFUND
  PAYOUT SETTLEMENT LEDGER CURRENCY TAX TEMPLATE QUEUE WORKER UPLOAD FILE CSV RATE AUTH
  PERMISSION CONFIG IMPORT`);
const ERROR_STATES = words(`
  DECLINED TIMEOUT INVALID EXPIRED NOT_FOUND CONFLICT DUPLICATE LOCKED UNAVAILABLE TOO_LARGE
  MISMATCH REJECTED FAILED MISSING FORBIDDEN LIMIT CORRUPT STALE UNSUPPORTED ABORTED`);
const ERROR_TYPES = words(`
  TypeError RangeError SqliteError ValidationError PaymentGatewayError WebhookDeliveryError
  CsvError SamlValidationError ResetTokenExpiredError PayloadTooLargeError KakaoAlimtalkError
  ReconciliationMismatch InvoiceCurrencyMissingError Error`);
const TAGS = words(`
  payments billing invoices export import csv timezones dates i18n currency money rounding
  performance fts5 search tokenizer sessions sso saml 2fa rate-limit proxy webhooks sms email
  queue worker memory-leak cache retries idempotency duplicates settlement encoding config
  infrastructure dns deliverability push ios android safari hydration react accessibility
  permissions roles refunds declines checkout pdf templates cron scheduler uploads limits
  security api-keys logging monitoring alerts data-fix migrations sqlite`);
const TOIL = [
  "Restarted the notification worker",
  "Re-ran the invoice export by hand",
  "Answered the support ticket and explained the behaviour",
  "Re-imported the failed settlement rows by hand",
  "Replayed failed merchant webhooks from the admin console",
  "Refunded a duplicate charge by hand",
  "Unlocked a merchant account by hand",
  "Rebuilt the search index by hand",
  "Cleared the template cache",
  "Recomputed merchant balances by hand",
  "Reset a merchant's password by hand",
  "Rotated a leaked API key for a merchant",
  "Sent Finance the CSV by e-mail",
  "Resent receipts to customers",
  "Moved stuck jobs back onto the queue",
];

function titleCase(word: string) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function inflect(verb: string): string[] {
  if (verb.endsWith("e")) return [`${verb}s`, `${verb}d`, `${verb.slice(0, -1)}ing`];
  if (/[^aeiou]y$/.test(verb)) return [`${verb.slice(0, -1)}ies`, `${verb.slice(0, -1)}ied`];
  if (/(s|sh|ch|x)$/.test(verb)) return [`${verb}es`, `${verb}ed`, `${verb}ing`];
  return [`${verb}s`, `${verb}ed`, `${verb}ing`];
}

function plural(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|sh|ch|x)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** Interleaves lists, so each contributes words at every rank. */
function interleave(...lists: string[][]): string[] {
  const out: string[] = [];
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++)
    for (const list of lists) if (i < list.length) out.push(at(list, i));
  return out;
}

function buildVocabulary(): string[] {
  const derivedVerbs = VERBS.flatMap(inflect);
  const plurals = NOUNS.map(plural);
  const ranked = [
    ...FUNCTION_WORDS,
    ...interleave(NOUNS, VERBS, ADJECTIVES),
    ...interleave(derivedVerbs, plurals, GENERAL),
  ];
  return [...new Set(ranked)];
}

// -------------------------------------------------------------------------------------------
// The generator.

export interface CorpusWriteup {
  writeup: WriteupInput;
  verified: boolean;
}

export interface CorpusStats {
  vocabulary: number;
  identifiers: number;
  errorCodes: number;
}

const RESOLUTION_WEIGHTS: [Resolution, number][] = [
  ["fixed", 0.5],
  ["works_as_designed", 0.15],
  ["config_change", 0.12],
  ["data_fix", 0.08],
  ["duplicate", 0.08],
  ["cannot_reproduce", 0.07],
];

export class CorpusGenerator {
  private readonly rng: Rng;
  private readonly vocabulary: Zipf<string>;
  private readonly contentWords: Zipf<string>;
  private readonly korean: Zipf<string>;
  private readonly phrases: Zipf<string>;
  private readonly classes: Zipf<string>;
  private readonly methods: Zipf<string>;
  private readonly functions: Zipf<string>;
  private readonly errorCodes: Zipf<string>;
  private readonly errorTypes: Zipf<string>;
  private readonly tags: Zipf<string>;
  private readonly toil: Zipf<string>;
  readonly stats: CorpusStats;

  constructor(seed = 20260901) {
    this.rng = createRng(seed);
    const vocabulary = buildVocabulary();
    this.vocabulary = new Zipf(vocabulary, 1);
    this.contentWords = new Zipf(vocabulary.slice(FUNCTION_WORDS.length), 0.9);
    this.korean = new Zipf(KOREAN_WORDS, 1);
    this.phrases = new Zipf(PHRASES, 1);
    // The famous ones first: these are the identifiers people paste most.
    const classes = interleave(...ROLES.map((role) => PASCAL_NOUNS.map((noun) => noun + role)));
    const first = ["InvoiceRenderer", "NotificationWorker", "ReceiptMailer", "SettlementImporter"];
    this.classes = new Zipf([...first, ...classes.filter((c) => !first.includes(c))], 1);
    this.methods = new Zipf(METHODS, 1);
    const functions = interleave(
      ...METHODS.map((m) => PASCAL_NOUNS.map((n) => `${m}${n}`)),
      ...METHODS.map((m) => PASCAL_NOUNS.map((n, i) => `${m}${n}${at(ROLES, i % ROLES.length)}`)),
    );
    this.functions = new Zipf(functions, 1);
    const codes = interleave(...ERROR_STATES.map((s) => ERROR_NOUNS.map((n) => `ERR_${n}_${s}`)));
    const firstCodes = ["ERR_PAYMENT_DECLINED", "ERR_EXPORT_TIMEOUT", "ERR_OTP_INVALID"];
    this.errorCodes = new Zipf(
      [...firstCodes, ...codes.filter((c) => !firstCodes.includes(c))],
      1.1,
    );
    this.errorTypes = new Zipf(ERROR_TYPES, 1);
    this.tags = new Zipf(TAGS, 1);
    this.toil = new Zipf(TOIL, 1);
    this.stats = {
      vocabulary: vocabulary.length + KOREAN_WORDS.length + RARE_WORDS.length,
      identifiers: classes.length + functions.length,
      errorCodes: codes.length,
    };
  }

  private hex(length = 6) {
    let out = "";
    for (let i = 0; i < length; i++) out += "0123456789abcdef"[Math.floor(this.rng() * 16)];
    return out;
  }

  private path(component: string) {
    const noun = uniform(this.rng, PASCAL_NOUNS).toLowerCase();
    const role = uniform(this.rng, ROLES).toLowerCase();
    return `app/${component}/${noun}-${role}.server.ts`;
  }

  private identifier(component: string): string {
    const r = this.rng();
    if (r < 0.3) return `\`${this.classes.pick(this.rng)}.${this.methods.pick(this.rng)}\``;
    if (r < 0.55) return `\`${this.functions.pick(this.rng)}()\``;
    if (r < 0.7) return `\`${this.errorCodes.pick(this.rng)}\``;
    if (r < 0.8) return `\`${this.path(component)}:${int(this.rng, 1, 400)}\``;
    if (r < 0.89) return `\`0x${this.hex()}\``;
    if (r < 0.9) return `\`${uniform(this.rng, RECURRING_HEX)}\``;
    return `\`${uniform(this.rng, ["ch", "pay", "in", "tx", "ord", "whd"])}_${this.hex()}\``;
  }

  private sentence(component: string, korean: boolean): string {
    const length = int(this.rng, 8, 20);
    const out: string[] = [];
    for (let i = 0; i < length; i++) {
      const r = this.rng();
      if (r < 0.05) out.push(this.identifier(component));
      else if (r < 0.07) out.push(this.phrases.pick(this.rng));
      else if (r < 0.08) out.push(component);
      else if (korean) out.push(this.korean.pick(this.rng) + uniform(this.rng, KOREAN_PARTICLES));
      else out.push(this.vocabulary.pick(this.rng));
    }
    const text = out.join(" ");
    return `${korean ? text : titleCase(text)}.`;
  }

  private paragraph(component: string, korean: boolean, min: number, max: number) {
    const n = int(this.rng, min, max);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.sentence(component, korean));
    return out.join(" ");
  }

  private errorBlock(component: string) {
    const type = this.errorTypes.pick(this.rng);
    const message =
      this.rng() < 0.5
        ? `${this.errorCodes.pick(this.rng)}: ${this.contentWords.pick(this.rng)} ${this.contentWords.pick(this.rng)} ${this.contentWords.pick(this.rng)}`
        : `${this.contentWords.pick(this.rng)} ${this.contentWords.pick(this.rng)} (reading '${this.contentWords.pick(this.rng)}')`;
    const lines = ["```", `${type}: ${message}`];
    const frames = int(this.rng, 2, 5);
    for (let i = 0; i < frames; i++) {
      lines.push(
        `    at ${this.classes.pick(this.rng)}.${this.methods.pick(this.rng)} (${this.path(component)}:${int(this.rng, 1, 400)}:${int(this.rng, 1, 60)})`,
      );
    }
    lines.push(`request_id=0x${this.hex()} job=${this.functions.pick(this.rng)}`, "```");
    return lines.join("\n");
  }

  private title(component: string, korean: boolean) {
    const n = int(this.rng, 4, 9);
    const out: string[] = [];
    for (let i = 0; i < n; i++)
      out.push(korean ? this.korean.pick(this.rng) : this.contentWords.pick(this.rng));
    const extra = this.rng();
    if (extra < 0.3) out.push(this.errorCodes.pick(this.rng));
    else if (extra < 0.5) out.push(component);
    return korean ? out.join(" ") : titleCase(out.join(" "));
  }

  private resolution(): Resolution {
    let r = this.rng();
    for (const [resolution, weight] of RESOLUTION_WEIGHTS) {
      r -= weight;
      if (r < 0) return resolution;
    }
    return "fixed";
  }

  next(): CorpusWriteup {
    const component = uniform(this.rng, COMPONENTS);
    const korean = this.rng() < 0.05;
    const para = (min: number, max: number) => this.paragraph(component, korean, min, max);
    const symptom = [para(3, 6)];
    if (this.rng() < 0.6) symptom.push(this.errorBlock(component));
    symptom.push(para(2, 4));
    const rootCause = [para(3, 6)];
    if (this.rng() < 0.1) rootCause.push(uniform(this.rng, RARE_WORDS));
    const fix = [para(3, 5)];
    if (this.rng() < 0.3)
      fix.push(
        `\`\`\`sql\nUPDATE ${this.contentWords.pick(this.rng)}s SET status = 'ok' WHERE id = '${this.hex(8)}';\n\`\`\``,
      );
    const debugging = [1, 2, 3].slice(0, int(this.rng, 2, 3)).map((n) => `${n}. ${para(2, 3)}`);
    if (this.rng() < 0.05) debugging.push(uniform(this.rng, RARE_WORDS));
    const tags = new Set<string>();
    const tagCount = int(this.rng, 2, 5);
    while (tags.size < tagCount) tags.add(this.tags.pick(this.rng));
    const toil = Array.from({ length: int(this.rng, 0, 3) }, () => ({
      description: this.toil.pick(this.rng),
      minutes: 5 * int(this.rng, 1, 18),
    }));
    return {
      writeup: {
        title: this.title(component, korean),
        symptom: symptom.join("\n\n"),
        component,
        rootCause: rootCause.join("\n\n"),
        fix: fix.join("\n\n"),
        debugging: debugging.join("\n"),
        resolution: this.resolution(),
        tags: [...tags],
        links: [
          {
            label: "Pull request",
            url: `https://github.com/hanbit-pay/app/pull/${int(this.rng, 1000, 99999)}`,
          },
        ],
        toil,
      },
      verified: this.rng() < 0.3,
    };
  }
}

/** What the knowledge-base search page is asked, in turn, by bench:pages and search-costs.ts. */
export const SEARCH_PAGE_QUERIES = [
  "invoice export",
  "payment declined",
  "timeout",
  "notification worker",
  "csv import encoding",
  "session expired",
  "rounding",
  "ERR_PAYMENT_DECLINED",
  "webhook retry",
  "결제 오류",
];
