import fs from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/policies";
import { createWriteup } from "~/knowledge/writeups.server";
import {
  type AttachmentStore,
  contentDisposition,
  sniffAttachment,
} from "~/lib/attachment-files.server";
import { MAX_ATTACHMENT_BYTES } from "~/lib/attachment-limits";
import {
  attachFile,
  listEvidenceAttachments,
  listWriteupAttachments,
  openAttachment,
  removeAttachment,
  sweepAttachmentFiles,
} from "~/mentoring/attachments.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter, writeupInput } from "../support/fixtures";
import { PNG } from "../support/images";

describe("sniffAttachment: the type comes from the bytes", () => {
  const cases: [string, Uint8Array, string | null][] = [
    ["shot.png", PNG, "image/png"],
    ["shot.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "image/jpeg"],
    ["anim.gif", Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"), "image/gif"],
    [
      "a.webp",
      Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 ")]),
      "image/webp",
    ],
    // A PNG named .txt is still a PNG.
    ["named-wrong.txt", PNG, "image/png"],
    [
      "서버.log",
      Buffer.from("오류: 연결이 끊겼어요\nERROR timeout\n"),
      "text/plain; charset=utf-8",
    ],
    ["notes.TXT", Buffer.from("plain text"), "text/plain; charset=utf-8"],
    // A log Korean Windows wrote (code page 949): kept as written, served as the browser's
    // "euc-kr", which is that code page.
    [
      "서버.log",
      iconv.encode("오류: 연결이 끊겼어요\r\n똠방각하 ERROR timeout\r\n", "cp949"),
      "text/plain; charset=euc-kr",
    ],
    // Bytes that happen to read as code page 949, with control characters no log holds.
    ["blob.log", Buffer.from([0x01, 0x02, 0xb0, 0xa1, 0x7f, 0x03]), null],
    ["evil.png", Buffer.from("<!doctype html><script>alert(1)</script>"), null],
    ["evil.svg", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), null],
    ["page.html", Buffer.from("<html></html>"), null],
    ["binary.log", Buffer.from([0x41, 0x00, 0x42]), null],
    ["latin1.log", Buffer.from([0x63, 0x61, 0x66, 0xe9]), null],
    ["report.pdf", Buffer.from("%PDF-1.7\n"), null],
  ];
  for (const [name, bytes, expected] of cases) {
    it(`${name} → ${expected ?? "refused"}`, () => {
      expect(sniffAttachment(name, bytes)?.contentType ?? null).toBe(expected);
    });
  }
});

describe("contentDisposition", () => {
  it("keeps a Korean name in filename* and an ASCII stand-in in filename", () => {
    expect(contentDisposition("log", "서버 로그.log")).toBe(
      `attachment; filename="__ __.log"; filename*=UTF-8''${encodeURIComponent("서버 로그.log")}`,
    );
    expect(contentDisposition("image", 'a"b\\c.png')).toMatch(/^inline; filename="a_b_c.png"/);
  });
});

let t: TestDatabase;
let store: AttachmentStore;
let newcomer: Actor;
let otherNewcomer: Actor;
let mentor: Actor;
let lead: Actor;

beforeEach(async () => {
  t = await createTestDatabase();
  store = { dir: path.join(path.dirname(t.file), "attachments") };
  lead = { id: await buildTestUser(t.db, "lead"), role: "lead" };
  mentor = { id: await buildTestUser(t.db, "mentor", { capacity: 3 }), role: "mentor" };
  newcomer = { id: await buildTestUser(t.db, "newcomer", { name: "최유나" }), role: "newcomer" };
  otherNewcomer = { id: await buildTestUser(t.db, "newcomer"), role: "newcomer" };
});
afterEach(async () => {
  await t.close();
});

async function firstCheckpoint() {
  const { step } = await claimStarter(t.db, {
    lead: lead.id,
    newcomer: newcomer.id,
    mentor: mentor.id,
    title: "결제 합계가 $로 보여요",
  });
  const checkpointId = step.reproduce;
  if (!checkpointId) throw new Error("no checkpoint");
  return checkpointId;
}

const files = () => (fs.existsSync(store.dir) ? fs.readdirSync(store.dir) : []);

describe("attaching files to evidence", () => {
  it("stores a PNG and a Korean-named log under the data folder; whoever sees the evidence can open them", async () => {
    const checkpointId = await firstCheckpoint();
    const target = { kind: "evidence" as const, checkpointId };
    const image = await attachFile(t.db, store, {
      actor: newcomer,
      target,
      fileName: "C:\\Users\\yuna\\스크린샷.png",
      bytes: PNG,
    });
    const log = await attachFile(t.db, store, {
      actor: newcomer,
      target,
      fileName: "서버 로그.log",
      bytes: Buffer.from("오류: 시간 초과\n"),
    });
    if (!image.ok || !log.ok) throw new Error("refused");
    expect(image.attachment).toMatchObject({
      kind: "image",
      fileName: "스크린샷.png",
      size: PNG.length,
    });
    expect(log.attachment).toMatchObject({ kind: "log", fileName: "서버 로그.log" });
    expect(files().sort()).toEqual([image.attachment.key, log.attachment.key].sort());
    expect(fs.readFileSync(path.join(store.dir, image.attachment.key))).toEqual(PNG);

    const listed = await listEvidenceAttachments(t.db, {
      checkpointIds: [checkpointId],
      viewer: mentor,
    });
    expect(listed[checkpointId]?.map((a) => a.fileName)).toEqual(["스크린샷.png", "서버 로그.log"]);
    expect(listed[checkpointId]?.every((a) => !a.mayRemove)).toBe(true);

    for (const viewer of [newcomer, mentor, lead]) {
      const opened = await openAttachment(t.db, store, { key: log.attachment.key, viewer });
      expect(opened?.contentType).toBe("text/plain; charset=utf-8");
      expect(opened?.fileName).toBe("서버 로그.log");
    }
    expect(
      await openAttachment(t.db, store, { key: log.attachment.key, viewer: otherNewcomer }),
    ).toBeNull();
  });

  it("refuses others, disguised HTML, empty and oversized files, and writes no file for them", async () => {
    const checkpointId = await firstCheckpoint();
    const target = { kind: "evidence" as const, checkpointId };
    const attempt = (actor: Actor, fileName: string, bytes: Uint8Array) =>
      attachFile(t.db, store, { actor, target, fileName, bytes });
    expect(await attempt(otherNewcomer, "a.png", PNG)).toEqual({ ok: false, reason: "forbidden" });
    expect(await attempt(mentor, "a.png", PNG)).toEqual({ ok: false, reason: "forbidden" });
    expect(await attempt(newcomer, "a.png", Buffer.from("<html><script>x</script>"))).toEqual({
      ok: false,
      reason: "type",
    });
    expect(await attempt(newcomer, "a.svg", Buffer.from("<svg/>"))).toEqual({
      ok: false,
      reason: "type",
    });
    expect(await attempt(newcomer, "a.log", Buffer.alloc(0))).toEqual({
      ok: false,
      reason: "empty",
    });
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    expect(await attempt(newcomer, "big.png", big)).toEqual({ ok: false, reason: "too_large" });
    expect(
      await attachFile(t.db, store, {
        actor: newcomer,
        target: { kind: "evidence", checkpointId: 999_999 },
        fileName: "a.png",
        bytes: PNG,
      }),
    ).toEqual({ ok: false, reason: "not_found" });
    expect(files()).toEqual([]);
  });

  it("stops at 50 MB per person, counting everything they attached", async () => {
    const checkpointId = await firstCheckpoint();
    const target = { kind: "evidence" as const, checkpointId };
    const fourMb = Buffer.concat([PNG, Buffer.alloc(4 * 1024 * 1024)]);
    for (let i = 0; i < 12; i++) {
      const r = await attachFile(t.db, store, {
        actor: newcomer,
        target,
        fileName: `${i}.png`,
        bytes: fourMb,
      });
      expect(r.ok).toBe(true);
    }
    const over = await attachFile(t.db, store, {
      actor: newcomer,
      target,
      fileName: "13.png",
      bytes: fourMb,
    });
    expect(over).toEqual({ ok: false, reason: "quota" });
    expect(files()).toHaveLength(12);
    // Removing one makes room again.
    const [first] =
      (await listEvidenceAttachments(t.db, { checkpointIds: [checkpointId], viewer: newcomer }))[
        checkpointId
      ] ?? [];
    if (!first) throw new Error("none listed");
    expect(await removeAttachment(t.db, store, { key: first.key, actor: otherNewcomer })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await removeAttachment(t.db, store, { key: first.key, actor: mentor })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(await removeAttachment(t.db, store, { key: first.key, actor: newcomer })).toEqual({
      ok: true,
    });
    expect(files()).toHaveLength(11);
    expect(
      (
        await attachFile(t.db, store, {
          actor: newcomer,
          target,
          fileName: "13.png",
          bytes: fourMb,
        })
      ).ok,
    ).toBe(true);
  });

  it("goes with its evidence: deleting the checkpoint's evidence removes the rows, and the sweep the files", async () => {
    const checkpointId = await firstCheckpoint();
    const kept = await firstCheckpoint();
    for (const id of [checkpointId, kept]) {
      await attachFile(t.db, store, {
        actor: newcomer,
        target: { kind: "evidence", checkpointId: id },
        fileName: "로그.txt",
        bytes: Buffer.from("한 줄"),
      });
    }
    expect(files()).toHaveLength(2);
    await t.db
      .deleteFrom("evidence")
      .where("assignment_checkpoint_id", "=", checkpointId)
      .execute();
    await t.db
      .deleteFrom("checkpoint_comments")
      .where("assignment_checkpoint_id", "=", checkpointId)
      .execute();
    await t.db.deleteFrom("assignment_checkpoints").where("id", "=", checkpointId).execute();
    expect(await t.db.selectFrom("attachments").select("id").execute()).toHaveLength(1);
    expect(await sweepAttachmentFiles(t.db, store)).toBe(1);
    expect(files()).toHaveLength(1);
    const left = await listEvidenceAttachments(t.db, { checkpointIds: [kept], viewer: newcomer });
    expect(left[kept]).toHaveLength(1);
  });
});

describe("attaching files to write-ups", () => {
  async function draft(status: "draft" | "published" = "draft") {
    return createWriteup(t.db, {
      authorId: newcomer.id,
      status,
      writeup: writeupInput({ title: "타임아웃 해결", symptom: "느려요" }),
    });
  }

  it("a draft's files are seen by whoever may edit it; published, by everyone; deleted with it", async () => {
    const writeupId = await draft();
    const added = await attachFile(t.db, store, {
      actor: newcomer,
      target: { kind: "writeup", writeupId },
      fileName: "화면.png",
      bytes: PNG,
    });
    if (!added.ok) throw new Error("refused");
    expect(
      await attachFile(t.db, store, {
        actor: otherNewcomer,
        target: { kind: "writeup", writeupId },
        fileName: "x.png",
        bytes: PNG,
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await openAttachment(t.db, store, { key: added.attachment.key, viewer: otherNewcomer }),
    ).toBeNull();
    expect(
      await openAttachment(t.db, store, { key: added.attachment.key, viewer: lead }),
    ).not.toBeNull();
    await t.db
      .updateTable("writeups")
      .set({ status: "published" })
      .where("id", "=", writeupId)
      .execute();
    expect(
      (await openAttachment(t.db, store, { key: added.attachment.key, viewer: otherNewcomer }))
        ?.contentType,
    ).toBe("image/png");
    expect(await listWriteupAttachments(t.db, { writeupId, viewer: otherNewcomer })).toHaveLength(
      1,
    );

    await t.db.deleteFrom("writeups").where("id", "=", writeupId).execute();
    expect(await t.db.selectFrom("attachments").select("id").execute()).toEqual([]);
    expect(await sweepAttachmentFiles(t.db, store)).toBe(1);
    expect(files()).toEqual([]);
  });
});
