import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser, unescapeHtml } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The page's language over HTTP, against the built server: the person's setting, else the login
// page's switch (the koan_lang cookie), else Accept-Language, else English; <html lang> follows.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const KOREAN_LOGIN = "Koan에 로그인";
const ENGLISH_LOGIN = "Log in to Koan";

async function page(b: Browser, path: string, acceptLanguage?: string) {
  const response = await b.request(path, {
    headers: acceptLanguage ? { "Accept-Language": acceptLanguage } : {},
  });
  const html = await response.text();
  return { status: response.status, html, lang: html.match(/<html lang="([^"]*)"/)?.[1] };
}

describe("the language of a page", () => {
  it("follows Accept-Language when signed out, and falls back to English", async () => {
    const b = new Browser(server.url);
    const ko = await page(b, "/login", "ko-KR,ko;q=0.9,en;q=0.8");
    expect(ko.status).toBe(200);
    expect(ko.lang).toBe("ko");
    expect(ko.html).toContain(KOREAN_LOGIN);
    expect(ko.html).toContain("<title>로그인 · Koan</title>");

    const en = await page(b, "/login", "en-GB,en;q=0.9");
    expect(en.lang).toBe("en");
    expect(en.html).toContain(ENGLISH_LOGIN);

    const other = await page(b, "/login", "fr-FR,de;q=0.8");
    expect(other.lang).toBe("en");
    expect((await page(b, "/login")).lang).toBe("en");
  });

  it("the login page's switch sets koan_lang, and signed-out pages follow it over the browser", async () => {
    const b = new Browser(server.url);
    const switched = await b.post("/language", { locale: "ko", redirectTo: "/login" });
    expect(switched.status).toBe(302);
    expect(switched.headers.get("location")).toBe("/login");
    const cookie = switched.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^koan_lang=ko;/);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const login = await page(b, "/login", "en-US,en;q=0.9");
    expect(login.lang).toBe("ko");
    expect(login.html).toContain(KOREAN_LOGIN);
    // The error pages too: a 404 in Korean.
    const missing = await page(b, "/no-such-page", "en-US");
    expect(missing.status).toBe(404);
    expect(missing.lang).toBe("ko");
    expect(missing.html).toContain("페이지를 찾을 수 없어요");

    // Back to English from the switch.
    await b.post("/language", { locale: "en", redirectTo: "/login" });
    const back = await page(b, "/login", "ko-KR");
    expect(back.lang).toBe("en");
    expect(back.html).toContain(ENGLISH_LOGIN);
  });

  it("a signed-in person's Settings choice is stored and beats Accept-Language and the cookie", async () => {
    const b = new Browser(server.url);
    await b.login("lead@koan.test", DEMO_PASSWORD);
    const session = b.cookie;
    // No setting yet: the browser's language.
    const before = await page(b, "/settings", "ko-KR");
    expect(before.lang).toBe("ko");
    expect(before.html).toContain("<h1>설정</h1>");

    const saved = await b.post("/language", { locale: "en", redirectTo: "/settings" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/settings");
    const row = await server.db
      .selectFrom("users")
      .select("locale")
      .where("email", "=", "lead@koan.test")
      .executeTakeFirstOrThrow();
    expect(row.locale).toBe("en");

    // The setting wins over a Korean browser and a Korean switch cookie.
    b.cookie = `${session}; koan_lang=ko`;
    const after = await page(b, "/settings", "ko-KR,ko;q=0.9");
    expect(after.status).toBe(200);
    expect(after.lang).toBe("en");
    expect(after.html).toContain("<h1>Settings</h1>");
    expect(after.html).toMatch(/<option value="en"[^>]*selected=""/);

    // A Korean demo newcomer reads Korean in an English browser.
    const seojun = new Browser(server.url);
    await seojun.login("seojun@koan.test", DEMO_PASSWORD);
    const home = await page(seojun, "/settings", "en-US,en;q=0.9");
    expect(home.lang).toBe("ko");
    expect(home.html).toContain("박서준");
    expect(home.html).toContain("로그아웃");
    expect(home.html).toContain("지식 베이스");
  });

  it("an error page's title says what the page says, not the name of the page it could not show", async () => {
    const seojun = new Browser(server.url);
    await seojun.login("seojun@koan.test", DEMO_PASSWORD);
    const title = (html: string) => unescapeHtml(html.match(/<title>([^<]*)<\/title>/)?.[1] ?? "");
    // A URL no page claims, a ticket that isn't there, and a page only leads may open.
    const cases: [string, number, string][] = [
      ["/no-such-page", 404, "페이지를 찾을 수 없어요 · Koan"],
      ["/tickets/999999", 404, "페이지를 찾을 수 없어요 · Koan"],
      ["/kb/999999", 404, "페이지를 찾을 수 없어요 · Koan"],
      ["/settings/integrations", 403, "이 페이지에 접근할 권한이 없어요 · Koan"],
    ];
    for (const [path, status, expected] of cases) {
      const shown = await page(seojun, path);
      expect(shown.status, path).toBe(status);
      expect(title(shown.html), path).toBe(expected);
    }
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const missing = await page(lead, "/tickets/999999", "en");
    expect(title(missing.html)).toBe("Page not found · Koan");
    // A page that opens keeps its own title.
    expect(title((await page(lead, "/tickets", "en")).html)).toBe("Tickets · Koan");
  });

  it("a download refused is a page in the reader's language, not JSON with a stack", async () => {
    const seojun = new Browser(server.url);
    await seojun.login("seojun@koan.test", DEMO_PASSWORD);
    const refused = await seojun.get("/kb/export?format=zip");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await refused.text();
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain("지식 베이스 내보내기는 멘토와 리드만 할 수 있어요.");
    expect(html).not.toMatch(/stack|Unexpected Server Error/);
    const yuna = new Browser(server.url);
    await yuna.login("yuna@koan.test", DEMO_PASSWORD);
    const wrong = await yuna.get("/kb/export?format=pdf");
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("JSON이나 Markdown(zip) 내보내기를 고르세요.");
  });

  it("refuses an off-site redirectTo after switching", async () => {
    for (const redirectTo of ["//evil.example/x", "https://evil.example/", "/\t/evil.example"]) {
      const b = new Browser(server.url);
      const response = await b.post("/language", { locale: "ko", redirectTo });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/login");
    }
  });

  it("goes back to a page whose address holds Hangul, encoded, after switching and after logging in", async () => {
    // A page reached by a link to /kb?q=결제 오류 names itself with the Hangul as it is; a
    // Location header holding it failed to send (500), the log-in's session already written.
    const encoded = "/kb?q=%EA%B2%B0%EC%A0%9C%20%EC%98%A4%EB%A5%98";
    const switched = await new Browser(server.url).post("/language", {
      locale: "ko",
      returnTo: "/kb?q=결제 오류",
    });
    expect(switched.status).toBe(302);
    expect(switched.headers.get("location")).toBe(encoded);

    const b = new Browser(server.url);
    const loggedIn = await b.post("/login", {
      email: "seojun@koan.test",
      password: DEMO_PASSWORD,
      redirectTo: "/kb?q=결제 오류",
    });
    expect(loggedIn.status).toBe(302);
    expect(loggedIn.headers.get("location")).toBe(encoded);
    expect(loggedIn.headers.get("set-cookie") ?? "").not.toBe("");
    // Already signed in, the log-in page sends a Hangul redirectTo on the same way.
    const again = await b.get(`/login?redirectTo=${encodeURIComponent("/kb?q=결제")}`);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/kb?q=%EA%B2%B0%EC%A0%9C");
    const page = await b.get(encoded);
    expect(page.status).toBe(200);
  });

  it("the mentoring board's review list says whose review it waits for: a lead's lists every mentor's", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const mentor = new Browser(server.url);
    await mentor.login("mentor@koan.test", DEMO_PASSWORD);
    const heading = async (b: Browser, language: string) =>
      unescapeHtml((await page(b, "/mentoring", language)).html).match(
        /<h2 id="reviews">([^<]*)<\/h2>/,
      )?.[1];
    expect(await heading(lead, "en")).toBe("Waiting for a mentor's review");
    expect(await heading(mentor, "en")).toBe("Waiting for your review");
  });

  it("ignores forged language values, never answering 500", async () => {
    const forged = ["xx", "KO", "ko-KR", "../en", "ko\r\nX-Evil: 1", "a".repeat(5000)];
    for (const locale of forged) {
      const b = new Browser(server.url);
      const response = await b.post("/language", { locale, redirectTo: "/login" });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/login");
      // Not a language: nothing is set.
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    // The empty choice ("the browser's language") clears the cookie.
    const cleared = await new Browser(server.url).post("/language", { locale: "" });
    expect(cleared.headers.get("set-cookie") ?? "").toMatch(/^koan_lang=;/);
    for (const value of ["zz", "ko%0d%0a", "kor", "%ED%95%9C", "ko-KR"]) {
      const b = new Browser(server.url);
      b.cookie = `koan_lang=${value}`;
      const response = await page(b, "/login", "en");
      expect(response.status).toBe(200);
      expect(response.lang).toBe("en");
    }
    for (const header of ["*;q=abc", ";;;,,", "ko;q=-1,en;q=2", "x".repeat(4000)]) {
      const response = await page(new Browser(server.url), "/login", header);
      expect(response.status).toBe(200);
      expect(["en", "ko"]).toContain(response.lang);
    }
    // A signed-in person's forged choice leaves their setting as it was.
    const b = new Browser(server.url);
    await b.login("seojun@koan.test", DEMO_PASSWORD);
    const forgedSave = await b.post("/language", { locale: "klingon", redirectTo: "/settings" });
    expect(forgedSave.status).toBe(302);
    const row = await server.db
      .selectFrom("users")
      .select("locale")
      .where("email", "=", "seojun@koan.test")
      .executeTakeFirstOrThrow();
    expect(row.locale).toBe("ko");
  });

  it("a lead editing the track in Korean sees the default steps in Korean; saved unchanged, they stay the defaults", async () => {
    // The lead has no language of their own (an earlier test chose one): the browser's counts.
    await server.db
      .updateTable("users")
      .set({ locale: null })
      .where("email", "=", "lead@koan.test")
      .execute();
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const current = async () => {
      const rows = await server.db
        .selectFrom("track_checkpoints as c")
        .innerJoin("track_versions as v", "v.id", "c.track_version_id")
        .select(["v.version", "c.key", "c.title", "c.guide", "c.needs_signoff"])
        .where("v.version", "=", (eb) =>
          eb.selectFrom("track_versions").select((e) => e.fn.max("version").as("m")),
        )
        .orderBy("c.position")
        .execute();
      return { version: rows[0]?.version ?? 0, rows };
    };
    const before = await current();
    expect(before.rows.find((r) => r.key === "reproduce")?.title).toBe("Reproduce the bug");

    const editor = await page(lead, "/tracks", "ko-KR,ko;q=0.9");
    expect(editor.status).toBe(200);
    expect(editor.html).toContain('value="버그 재현"');
    expect(editor.html).not.toContain('value="Reproduce the bug"');

    // The form as the Korean page sends it: every default step in Korean, the first retitled.
    const escaped = (name: string) => name.replace(/[[\].]/g, "\\$&");
    const input = (name: string) =>
      unescapeHtml(
        new RegExp(`name="${escaped(name)}"[^>]*?value="([^"]*)"`).exec(editor.html)?.[1] ?? "",
      );
    const textarea = (name: string) =>
      unescapeHtml(
        new RegExp(`name="${escaped(name)}"[^>]*>([^<]*)</textarea>`).exec(editor.html)?.[1] ?? "",
      );
    const form: Record<string, string> = { intent: "save", baseVersion: String(before.version) };
    before.rows.forEach((row, i) => {
      form[`checkpoints[${i}].key`] = row.key;
      form[`checkpoints[${i}].title`] = input(`checkpoints[${i}].title`);
      // A textarea sends CRLF line ends.
      form[`checkpoints[${i}].guide`] = textarea(`checkpoints[${i}].guide`).replace(/\n/g, "\r\n");
      if (row.needs_signoff) form[`checkpoints[${i}].needsSignoff`] = "on";
    });
    expect(form["checkpoints[0].title"]).toBe("버그 재현");
    form["checkpoints[1].title"] = "코드 찾기 (우리 팀 방식)";
    const saved = await lead.request("/tracks", {
      form,
      headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    expect(saved.status).toBe(200);
    const after = await current();
    expect(after.version).toBe(before.version + 1);
    const changed = after.rows.map((r) => [r.key, r.title, r.guide]);
    const expected = before.rows.map((r, i) => [
      r.key,
      i === 1 ? "코드 찾기 (우리 팀 방식)" : r.title,
      r.guide,
    ]);
    expect(changed).toEqual(expected);
    // An English reader still reads the unchanged defaults in English, and the lead's own words.
    const english = await page(lead, "/tracks", "en");
    expect(english.html).toContain('value="Reproduce the bug"');
    expect(english.html).toContain('value="코드 찾기 (우리 팀 방식)"');
  });

  it("the page's head preloads its own language's catalog: the module the browser's entry waits for", async () => {
    const b = new Browser(server.url);
    const chunks = async (acceptLanguage: string) => {
      const { html } = await page(b, "/login", acceptLanguage);
      const head = html.slice(0, html.indexOf("</head>"));
      const catalogs = [...head.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map(
        (m) => m[1] as string,
      );
      const entry = html.match(
        /<link rel="modulepreload" href="(\/assets\/entry\.client-[^"]+)"/,
      )?.[1];
      return { catalogs, entry };
    };
    const ko = await chunks("ko-KR,ko;q=0.9");
    const en = await chunks("en-US,en;q=0.9");
    expect(ko.catalogs).toEqual([expect.stringMatching(/^\/assets\/ko-[\w-]+\.js$/)]);
    expect(en.catalogs).toEqual([expect.stringMatching(/^\/assets\/en-[\w-]+\.js$/)]);
    // The entry imports exactly these files (a preload of another file would be a second download).
    expect(en.entry).toBeDefined();
    const entry = await (await b.request(en.entry as string)).text();
    for (const file of [...ko.catalogs, ...en.catalogs]) {
      expect(entry).toContain(`./${file.split("/").at(-1)}`);
      const chunk = await b.request(file);
      expect(chunk.status).toBe(200);
      expect(chunk.headers.get("content-type")).toMatch(/javascript/);
      await chunk.arrayBuffer();
    }
    // Vite's manifest, which names them, is not served.
    const manifest = await b.request("/.vite/client-manifest.json");
    expect(manifest.status).toBe(404);
    await manifest.arrayBuffer();
  });
});

describe("a Korean page's bytes", () => {
  it("hold no NUL byte, though React's renderer leaves zeros where a syllable didn't fit its 2 KB buffer", async () => {
    const b = new Browser(server.url);
    await b.login("lead@koan.test", DEMO_PASSWORD);
    let bytes = 0;
    for (const path of ["/tickets", "/kb/toil", "/tracks", "/kb", "/mentoring"]) {
      const response = await b.request(path, {
        headers: { "Accept-Language": "ko", "Accept-Encoding": "identity" },
      });
      expect(response.status).toBe(200);
      const body = Buffer.from(await response.arrayBuffer());
      bytes += body.length;
      expect(body.toString("utf8", 0, 200), path).toContain('<html lang="ko"');
      expect(body.indexOf(0), path).toBe(-1);
      expect(body.toString("utf8"), path).not.toContain("\uFFFD");
    }
    // Pages long enough to cross many of the renderer's buffers.
    expect(bytes).toBeGreaterThan(50_000);
  });
});

describe("switching the language on a signed-out page keeps what was typed", () => {
  const KEPT = "__Host-koan_kept";
  /** The name=value pairs a response sets, the way a browser would send them back. */
  function cookiesOf(response: Response): Map<string, string> {
    const jar = new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return jar;
  }
  const header = (jar: Map<string, string>) =>
    [...jar]
      .filter(([, value]) => value !== "")
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
  const inputValue = (html: string, name: string) =>
    unescapeHtml(
      new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0].match(/value="([^"]*)"/)?.[1] ??
        "",
    );

  it("the log-in page's switch belongs to its form, and the page comes back in Korean with the e-mail, never the password", async () => {
    const b = new Browser(server.url);
    const { html } = await page(b, "/login?redirectTo=%2Ftickets", "en");
    // The switch is a form of its own, so without scripts it sends no field of the log-in form
    // (a password's included); with scripts it adds the e-mail typed (tests/e2e/language-switch).
    expect(html).toMatch(/<form[^>]*id="login-form"/);
    const own = html.match(/<form[^>]*action="\/language"[^>]*>([\s\S]*?)<\/form>/)?.[1] ?? "";
    expect(own).toMatch(/<select[^>]*name="locale"/);
    expect(html).not.toMatch(/form="login-form"|formAction=/i);

    // What an older page sent: the log-in form's fields, a password among them, which is dropped.
    const switched = await b.post("/language", {
      redirectTo: "/tickets",
      email: "민준.typed@koan.test",
      password: "typed-secret-password",
      returnTo: "/login?redirectTo=%2Ftickets",
      locale: "ko",
    });
    expect(switched.status).toBe(302);
    expect(switched.headers.get("location")).toBe("/login?redirectTo=%2Ftickets");
    const jar = cookiesOf(switched);
    expect(jar.get("koan_lang")).toBe("ko");
    // __Host-koan_kept under SECURE_COOKIES (the production server's default).
    const kept = jar.get(KEPT) ?? "";
    expect(kept).not.toBe("");
    expect(Buffer.from(decodeURIComponent(kept), "base64").toString("latin1")).not.toContain(
      "typed-secret-password",
    );

    b.cookie = header(jar);
    const korean = await b.request("/login?redirectTo=%2Ftickets", {
      headers: { "Accept-Language": "en" },
    });
    const koreanHtml = await korean.text();
    expect(koreanHtml).toContain('<html lang="ko"');
    expect(koreanHtml).toContain(KOREAN_LOGIN);
    expect(inputValue(koreanHtml, "email")).toBe("민준.typed@koan.test");
    expect(koreanHtml).not.toContain("typed-secret-password");
    // Read once: the page forgets it.
    expect(korean.headers.getSetCookie().join("\n")).toMatch(/__Host-koan_kept=;[^\n]*Max-Age=0/);
    b.cookie = "koan_lang=ko";
    expect(inputValue((await page(b, "/login", "en")).html, "email")).toBe("");

    // And back to English, keeping an e-mail typed on the Korean page.
    const back = await b.post("/language", {
      email: "typed@koan.test",
      password: "x",
      returnTo: "/login",
      locale: "en",
    });
    b.cookie = header(cookiesOf(back));
    const english = await page(b, "/login", "ko");
    expect(english.lang).toBe("en");
    expect(english.html).toContain(ENGLISH_LOGIN);
    expect(inputValue(english.html, "email")).toBe("typed@koan.test");
  });

  it("the invite page keeps the name typed over its switch", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const created = await lead.post("/team", {
      intent: "invite",
      email: "switching.invite@koan.test",
      name: "Minjun",
      role: "newcomer",
      startDate: "2026-11-02",
    });
    const link = (await created.text()).match(/value="(http:\/\/[^"]+\/invite\/[^"]+)"/)?.[1];
    const path = new URL(link ?? "").pathname;
    const guest = new Browser(server.url);
    const before = await page(guest, path, "en");
    expect(inputValue(before.html, "name")).toBe("Minjun");
    expect(before.html).toMatch(/<form[^>]*id="invite-form"/);
    const switched = await guest.post("/language", {
      name: "김민준",
      password: "",
      confirm: "",
      returnTo: path,
      locale: "ko",
    });
    expect(switched.headers.get("location")).toBe(path);
    guest.cookie = header(cookiesOf(switched));
    const after = await page(guest, path, "en");
    expect(after.lang).toBe("ko");
    expect(inputValue(after.html, "name")).toBe("김민준");
  });

  it("a forged or over-long kept value fills nothing and never answers 500", async () => {
    const long = await new Browser(server.url).post("/language", {
      email: `${"a".repeat(400)}@koan.test`,
      returnTo: "/login",
      locale: "ko",
    });
    expect(cookiesOf(long).has(KEPT)).toBe(false);
    for (const forged of ["garbage", "%%%", "eyJlbWFpbCI6WzFdfQ%3D%3D", "e30%3D"]) {
      const b = new Browser(server.url);
      b.cookie = `${KEPT}=${forged}`;
      const response = await page(b, "/login", "en");
      expect(response.status).toBe(200);
      expect(inputValue(response.html, "email")).toBe("");
    }
  });
});
