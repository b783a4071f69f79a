/**
 * zod's messages are written for developers ("Too small: expected string to have >=1 characters",
 * "Invalid UUID" for an empty select). The API sends them in problem+json `errors[].message` and
 * the forms get them from the same schemas; this turns them into the words a form shows beside the
 * field. Messages the server wrote for people ("already exists", "use at least 12 characters")
 * pass through unchanged.
 */

/** "vendor_id" → "vendor", "skills.0.skill" → "skill", "time_zone" → "time zone". */
export function fieldNoun(path: string): string {
  const last =
    path
      .split('.')
      .filter((part) => part !== '' && !/^\d+$/.test(part))
      .pop() ?? '';
  return last
    .replace(/_id$/, '')
    .replace(/Id$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);
const choose = (path: string) => {
  const noun = fieldNoun(path);
  return noun ? `Choose ${article(noun)}` : 'Choose one';
};
const isReference = (path: string) => /(_id|Id)$/.test(path.split('.').pop() ?? '');
const plural = (n: string, one: string, many: string) => `${n} ${n === '1' ? one : many}`;

const RULES: [RegExp, (match: RegExpMatchArray, path: string) => string][] = [
  [/^Too small: expected string to have >=?1 characters?$/, () => 'Required'],
  [
    /^Too small: expected string to have >=?(\d+) characters?$/,
    (m) => `At least ${plural(m[1]!, 'character', 'characters')}`,
  ],
  [
    /^Too big: expected string to have <=?(\d+) characters?$/,
    (m) => `At most ${plural(m[1]!, 'character', 'characters')}`,
  ],
  [
    /^Too (?:small|big): expected string to have exactly (\d+) characters?$/,
    (m) => `Exactly ${plural(m[1]!, 'character', 'characters')}`,
  ],
  [/^Too small: expected array to have >=?1 items?$/, () => 'Add at least one'],
  [/^Too small: expected array to have >=?(\d+) items?$/, (m) => `Add at least ${m[1]}`],
  [/^Too big: expected array to have <=?(\d+) items?$/, (m) => `At most ${m[1]}`],
  [/^Too small: expected number to be >=(-?[\d.]+)$/, (m) => `At least ${m[1]}`],
  [/^Too small: expected number to be >(-?[\d.]+)$/, (m) => `More than ${m[1]}`],
  [/^Too big: expected number to be <=(-?[\d.]+)$/, (m) => `At most ${m[1]}`],
  [/^Too big: expected number to be <(-?[\d.]+)$/, (m) => `Less than ${m[1]}`],
  [/^Invalid input: expected (?:number|int), received NaN$/, () => 'Enter a number'],
  [/^Invalid input: expected int, received number$/, () => 'Enter a whole number'],
  [
    /^Invalid input: expected \w+, received (?:undefined|null)$/,
    (_m, path) => (isReference(path) ? choose(path) : 'Required'),
  ],
  [/^Invalid UUID$/, (_m, path) => choose(path)],
  [/^Invalid option: expected one of /, (_m, path) => choose(path)],
  [/^Invalid email address$/, () => 'Enter an email address such as name@example.com'],
  [/^Invalid URL$/, () => 'Enter a full address starting with https://'],
  [/^Invalid ISO datetime$/, () => 'Enter a date and time'],
  [/^Invalid ISO date$/, () => 'Enter a date as YYYY-MM-DD'],
  [/^Invalid string: must match pattern /, () => 'Not in the expected format'],
];

/** The plain words for a validation message about the field at `path` (a form or problem path). */
export function plainMessage(message: string, path = ''): string {
  for (const [pattern, render] of RULES) {
    const match = message.match(pattern);
    if (match) return render(match, path);
  }
  return message;
}
