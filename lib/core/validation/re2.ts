/**
 * Felix compiles interface patterns with Go's regexp package (RE2 syntax). Each pattern is
 * compiled with an RE2 implementation (@bufbuild/re2, a port of RE2/J); when RE2 refuses it, the
 * message names the construct in words where it is a common one from other regex dialects.
 */

const UNSUPPORTED: ReadonlyArray<readonly [RegExp, string]> = [
  [/\(\?[=!]/, 'lookahead "(?=" / "(?!"'],
  [/\(\?<[=!]/, 'lookbehind "(?<=" / "(?<!"'],
  [/\\[1-9]/, 'backreference "\\1"'],
  [/\\k</, 'named backreference "\\k<name>"'],
  [/[*+?}]\+/, 'possessive quantifier'],
  [/\(\?>/, 'atomic group "(?>"'],
];

type Re2 = { compile(pattern: string): unknown };
let re2: Re2 | undefined;

/** Returns the reason a pattern cannot be used by Felix, or undefined when it is fine. */
export function re2Problem(pattern: string): { kind: 'invalid' | 'unsupported'; reason: string } | undefined {
  // Loaded on first use: props without interface patterns never pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  re2 ??= (require('@bufbuild/re2') as { RE2JS: Re2 }).RE2JS;
  try {
    re2.compile(pattern);
    return undefined;
  } catch (e) {
    // Strip escaped backslashes first so "\\1" (a literal backslash then 1) is not seen as a backreference.
    const scrubbed = pattern.replace(/\\\\/g, '');
    for (const [re, what] of UNSUPPORTED) {
      if (re.test(scrubbed)) return { kind: 'unsupported', reason: `uses a ${what}, which Go's RE2 engine in Felix does not support` };
    }
    const detail = (e as Error).message.replace(/^error parsing regexp: /, '');
    return { kind: 'invalid', reason: `is not a valid RE2 regular expression (${detail})` };
  }
}
