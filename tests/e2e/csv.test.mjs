// The demo's CSV encoder (www/csv.js) in Node: quoting, formula guard, nulls, file name.
// The end-to-end test checks the same file as downloaded from the page.

import { test } from "node:test";
import assert from "node:assert/strict";
import { BOM, EXPORT_COLUMNS, csvField, csvHeader, csvRow, exportFileName, ticketRow } from "../../www/csv.js";
import { parseCsv } from "./parse-csv.mjs";

test("fields are quoted only when they hold a comma, a quote or a line break", () => {
  assert.equal(csvField("plain text 中文 ✓"), "plain text 中文 ✓");
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField('GitLab repo access – "payments"'), '"GitLab repo access – ""payments"""');
  assert.equal(csvField("two\nlines"), '"two\nlines"');
  assert.equal(csvField("cr\rhere"), '"cr\rhere"');
  assert.equal(csvField('"'), '""""');
  assert.equal(csvField(""), "");
  assert.equal(csvField(" spaced "), " spaced ");
});

test("text that a spreadsheet would run as a formula gets a leading apostrophe", () => {
  for (const [input, output] of [
    ["=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "\"'\r=1\""],
    ["=1,2", "\"'=1,2\""],
  ]) {
    assert.equal(csvField(input), output, JSON.stringify(input));
  }
  // Only at the start: inside text these characters are harmless.
  assert.equal(csvField("a=b -c +d @e"), "a=b -c +d @e");
  // Numbers are numbers, not text a user typed: -1 (no business) stays -1.
  assert.equal(csvField(-1), "-1");
  assert.equal(csvField(42), "42");
  assert.equal(csvField(null), "");
  assert.equal(csvField(undefined), "");
});

test("a ticket becomes one CRLF-terminated record of the export columns", () => {
  const ticket = {
    id: 12,
    sn: "REQ20250101000001",
    title: 'Says "hi", then =cmd',
    current_status: "8f3a2c1d9e7b4a6f0c5d2e1b3a4f6c7d",
    service_type: "request",
    creator: null,
    create_at: "2025-01-01 08:00:00",
    end_at: null,
    bk_biz_id: -1,
    ticket_url: "http://paas.bk.local/o/bk_itsm/#/ticket/detail?id=12",
    updated_by: "a,b", // not exported
  };
  const line = ticketRow(ticket);
  assert.equal(
    line,
    '12,REQ20250101000001,"Says ""hi"", then =cmd",8f3a2c1d9e7b4a6f0c5d2e1b3a4f6c7d,request,,2025-01-01 08:00:00,,-1,' +
      "http://paas.bk.local/o/bk_itsm/#/ticket/detail?id=12\r\n",
  );
  assert.deepEqual(parseCsv(csvHeader() + line), [
    EXPORT_COLUMNS,
    ["12", "REQ20250101000001", 'Says "hi", then =cmd', "8f3a2c1d9e7b4a6f0c5d2e1b3a4f6c7d", "request", "", "2025-01-01 08:00:00", "", "-1", ticket.ticket_url],
  ]);
  assert.equal(csvHeader(), "id,sn,title,current_status,service_type,creator,create_at,end_at,bk_biz_id,ticket_url\r\n");
  assert.equal(csvRow(["a", "b,c"]), 'a,"b,c"\r\n');
  assert.equal(BOM, "\uFEFF");
  // Anything the encoder writes reads back as written, whatever the text.
  const nasty = ["", ",", '"', '""', "\r\n", "\n", "a\r\nb", '=",\n', "-", "@", "\t", " ", "中文,\"引号\""];
  const back = parseCsv(nasty.map((t) => csvRow([t, "x"])).join(""));
  assert.deepEqual(
    back.map(([t]) => t),
    nasty.map((t) => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t)),
  );
});

test("the file name is tickets-YYYYMMDD-hhmmss.csv in local time", () => {
  assert.equal(exportFileName(new Date(2026, 0, 5, 7, 8, 9)), "tickets-20260105-070809.csv");
  assert.equal(exportFileName(new Date(2026, 11, 31, 23, 59, 59)), "tickets-20261231-235959.csv");
  assert.match(exportFileName(), /^tickets-\d{8}-\d{6}\.csv$/);
});
