/**
 * A ticket-import CSV of `rows` distinct tickets with realistic fields (a sentence of body, two
 * labels, Korean in every tenth title), about 160 bytes a row: 50,000 rows make ~8 MB, the size
 * issue 12 (item 4) previewed. `prefix` keeps external ids apart between files.
 */
export function ticketImportCsv(rows: number, prefix = "bench"): string {
  const components = ["api", "web", "billing", "search", "auth", "worker"];
  const lines = ["title,component,external_id,body,labels,difficulty"];
  for (let i = 0; i < rows; i++) {
    const title =
      i % 10 === 0
        ? `로그인 후 알림이 두 번 표시됨 ${i}`
        : `Timeout when saving a draft after editing ${i}`;
    const body = `"Steps: open the page, edit, save; expected one save, got ""two"" (${i})."`;
    lines.push(
      `${title},${components[i % components.length]},${prefix}-${i},${body},"bug,ui",${(i % 3) + 1}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
