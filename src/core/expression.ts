/**
 * Escapes a string (which may hold tokens) for use as a literal argument of a Terraform function such as
 * `base64encode`: backslashes and double quotes. Tokens contain neither, so references inside stay live.
 */
export function escapeForExpression(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}
