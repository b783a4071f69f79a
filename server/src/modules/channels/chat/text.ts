/**
 * Visitors send plain text only. It is stored as the message's body_text and shown by the widget and
 * the console as text, never as markup; here we only drop what no person types: control characters
 * (other than newline and tab), bidi overrides that can disguise text, and runs of blank lines.
 */

// C0/C1 controls except \t and \n, plus the bidi embedding/override/isolate characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNWANTED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function cleanVisitorText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(UNWANTED, '')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim();
}
