/**
 * Text for a quoted Mermaid node label (`id["label"]`). Mermaid decodes `#NN;` entity codes, so every
 * character that could end the label, start markup in an HTML label, or close the surrounding Markdown
 * code fence is written as one; line breaks become spaces.
 */
export function escapeMermaidLabel(text: string): string {
  return text.replace(/\r\n|\r|\n/g, " ").replace(/[#"&<>`]/g, (character) => `#${character.codePointAt(0) ?? 0};`);
}
