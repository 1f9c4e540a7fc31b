/**
 * Escapes a string (which may hold tokens) for use as a literal argument of a Terraform function such as
 * `base64encode`: backslashes, double quotes and template directives (`%{` → `%%{`; cdktf escapes `${` outside
 * its tokens itself). Tokens contain none of them, so references inside stay live.
 */
export function escapeForExpression(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/%\{/g, "%%{");
}
