/**
 * Felix compiles interface patterns with Go's regexp package (RE2 syntax). A pattern must
 * therefore be valid for JavaScript (so we can reason about it) and use nothing RE2 lacks.
 */

const UNSUPPORTED: ReadonlyArray<readonly [RegExp, string]> = [
  [/\(\?[=!]/, 'lookahead "(?=" / "(?!"'],
  [/\(\?<[=!]/, 'lookbehind "(?<=" / "(?<!"'],
  [/\\[1-9]/, 'backreference "\\1"'],
  [/\\k</, 'named backreference "\\k<name>"'],
  [/\(\?<[A-Za-z]/, 'JavaScript named group "(?<name>" (RE2 spells it "(?P<name>")'],
  [/[*+?}]\+/, 'possessive quantifier'],
  [/\(\?>/, 'atomic group "(?>"'],
];

/** Returns the reason a pattern cannot be used by Felix, or undefined when it is fine. */
export function re2Problem(pattern: string): { kind: 'invalid' | 'unsupported'; reason: string } | undefined {
  // Strip escaped backslashes first so "\\1" (a literal backslash then 1) is not seen as a backreference.
  const scrubbed = pattern.replace(/\\\\/g, '');
  for (const [re, what] of UNSUPPORTED) {
    if (re.test(scrubbed)) {
      return { kind: 'unsupported', reason: `uses a ${what}, which Go's RE2 engine in Felix does not support` };
    }
  }
  // RE2 named groups (?P<name>...) are not JavaScript syntax; translate them to check the rest.
  // Inline flags "(?i)" and "(?i:...)" are RE2 syntax JavaScript lacks: drop them for the check.
  const jsSyntax = pattern
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?[imsU]+\)/g, '')
    .replace(/\(\?[imsU]+:/g, '(?:');
  try {
    new RegExp(jsSyntax);
  } catch (e) {
    return { kind: 'invalid', reason: `is not a valid regular expression (${(e as Error).message})` };
  }
  return undefined;
}
