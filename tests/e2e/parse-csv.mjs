// A strict RFC 4180 reader for the tests: every record ends with CRLF, a quote may only open
// a field and must be doubled inside one, and a bare CR, LF or quote elsewhere is an error.
// (Lenient readers would hide exactly the mistakes the export test is looking for.)

/** @returns {string[][]} the records */
export function parseCsv(text) {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted (so nothing may follow its closing quote)
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += '"', i++;
      else quoted = false;
      continue;
    }
    if (c === ",") {
      record.push(field);
      field = "";
      wasQuoted = false;
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      wasQuoted = false;
      i++;
    } else if (c === '"' && field === "" && !wasQuoted) {
      quoted = wasQuoted = true;
    } else if (c === '"' || c === "\r" || c === "\n" || wasQuoted) {
      throw new Error(`not RFC 4180 at offset ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (field !== "" || record.length) throw new Error("the last record does not end with CRLF");
  return records;
}
