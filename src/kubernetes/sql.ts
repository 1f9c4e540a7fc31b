// SQL and shell text the setup Job and the poolers share. No provider bindings here: the renderers and planners
// that need these strings load this module, not the Job's (the Kubernetes bindings load with a platform stack only).

/** A PostgreSQL identifier, quoted. */
export const sqlIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;
/** A PostgreSQL string literal. */
export const sqlLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * Decodes the `password` member of RDS's secret document ({"username","password",…}) with the JSON string
 * escapes (`\"`, `\\`, `\/`, `\uXXXX`), in busybox awk: the psql image has no JSON tool, and `sed` breaks on
 * quotes and backslashes. Exits non-zero on anything it cannot decode exactly (control characters, a missing
 * member) rather than connecting with a wrong password.
 */
export const DECODE_JSON_PASSWORD = [
  'function hexval(h,  i, c, v) { v = 0; h = tolower(h); for (i = 1; i <= 4; i++) { c = index("0123456789abcdef", substr(h, i, 1)); if (c == 0) exit 3; v = v * 16 + c - 1 } return v }',
  "{ doc = doc $0 }",
  "END {",
  "  rest = doc; found = 0",
  '  while (!found && (i = index(rest, "\\"password\\"")) > 0) { rest = substr(rest, i + 10); if (match(rest, /^[ \\t]*:[ \\t]*"/)) found = 1 }',
  "  if (!found) exit 2",
  "  rest = substr(rest, RLENGTH + 1); out = \"\"",
  "  while (rest != \"\") {",
  "    c = substr(rest, 1, 1)",
  '    if (c == "\\"") { printf "%s", out; exit 0 }',
  '    if (c == "\\\\") {',
  "      e = substr(rest, 2, 1)",
  '      if (e == "u") { v = hexval(substr(rest, 3, 4)); if (v < 32 || v > 126) exit 3; out = out sprintf("%c", v); rest = substr(rest, 7); continue }',
  '      if (e != "\\"" && e != "\\\\" && e != "/") exit 3',
  "      out = out e; rest = substr(rest, 3); continue",
  "    }",
  "    out = out c; rest = substr(rest, 2)",
  "  }",
  "  exit 2",
  "}",
].join("\n");
