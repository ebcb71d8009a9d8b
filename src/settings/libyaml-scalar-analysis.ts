/**
 * libyaml 0.2.5's analysis of a scalar (yaml_emitter_analyze_scalar) and its choice of style
 * (yaml_emitter_select_scalar_style), for a scalar at the root of a document in block context,
 * with unicode output on, which is how YAML::XS dumps a string.
 *
 * Characters are Unicode code points; libyaml works on UTF-8 but decides per character.
 */

export type ScalarStyle = 'plain' | 'single-quoted' | 'double-quoted' | 'literal';

/** The characters libyaml treats as line breaks (YAML 1.1): CR, LF, NEL, LS, PS. */
export function isLibyamlBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
}

/** libyaml's "blank or end": space, tab, a break, NUL, or past the end of the text. */
function isBlankOrEnd(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\t' || ch === '\0' || isLibyamlBreak(ch);
}

/**
 * libyaml's printable set, which it may write unescaped: LF, ASCII 0x20–0x7E, U+00A0–U+D7FF and
 * U+E000–U+FFFD without the BOM U+FEFF. Tab, CR, NEL, the C1 controls and everything beyond
 * U+FFFF (emoji) are not: they force the double-quoted style and are escaped there.
 */
export function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

export interface ScalarAnalysis {
  readonly plainAllowed: boolean;
  readonly singleQuotedAllowed: boolean;
  readonly literalAllowed: boolean;
}

/** Indicators that make a plain scalar impossible when they are its first character. */
const FIRST_CHARACTER_INDICATORS = new Set([...'#,[]{}&*!|>\'"%@`']);

/**
 * libyaml's analysis of the text: which styles can represent it. Only the block-context answers
 * are kept; flow indicators (`,[]{}` and a leading `?`/`:`) matter inside flow collections only.
 */
export function analyzeScalar(chars: readonly string[]): ScalarAnalysis {
  if (chars.length === 0) return { plainAllowed: true, singleQuotedAllowed: true, literalAllowed: false };
  const head = chars.slice(0, 3).join('');
  // A document marker at the start would end the document when read back.
  let indicators = head === '---' || head === '...';
  let special = false;
  let lineBreaks = false;
  let edgeSpaceOrBreak = false;
  let trailingSpace = false;
  let spaceThenBreak = false;
  let breakThenSpace = false;
  let previousSpace = false;
  let previousBreak = false;
  const last = chars.length - 1;
  chars.forEach((ch, i) => {
    const followedByBlank = isBlankOrEnd(chars[i + 1]);
    if (i === 0) {
      if (FIRST_CHARACTER_INDICATORS.has(ch)) indicators = true;
      // `? x`, `: x` and `- x` would start a key, a value, or a list item.
      if ((ch === '?' || ch === ':' || ch === '-') && followedByBlank) indicators = true;
    } else {
      // `a: b` reads as a mapping, `a #b` as a comment.
      if (ch === ':' && followedByBlank) indicators = true;
      if (ch === '#' && isBlankOrEnd(chars[i - 1])) indicators = true;
    }
    if (!isPrintable(ch.codePointAt(0) ?? 0)) special = true;
    if (ch === ' ') {
      if (i === 0 || i === last) edgeSpaceOrBreak = true;
      if (i === last) trailingSpace = true;
      if (previousBreak) breakThenSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isLibyamlBreak(ch)) {
      lineBreaks = true;
      if (i === 0 || i === last) edgeSpaceOrBreak = true;
      if (previousSpace) spaceThenBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
  });
  // Quoted and block styles fold or strip white space next to a line break, so such text
  // survives only double-quoted, where it can be escaped.
  return {
    plainAllowed: !(indicators || special || lineBreaks || edgeSpaceOrBreak || spaceThenBreak || breakThenSpace),
    singleQuotedAllowed: !(special || spaceThenBreak || breakThenSpace),
    literalAllowed: !(special || spaceThenBreak || trailingSpace),
  };
}

/** libyaml's downgrade of the requested style (yaml_emitter_select_scalar_style, root, block). */
export function selectStyle(requested: ScalarStyle, analysis: ScalarAnalysis): ScalarStyle {
  let style = requested;
  if (style === 'plain' && !analysis.plainAllowed) style = 'single-quoted';
  if (style === 'single-quoted' && !analysis.singleQuotedAllowed) style = 'double-quoted';
  if (style === 'literal' && !analysis.literalAllowed) style = 'double-quoted';
  return style;
}
