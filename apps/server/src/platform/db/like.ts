/** Escapes LIKE wildcards in user input so it matches literally. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
