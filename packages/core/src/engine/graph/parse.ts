import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { GraphProblem } from './problems.js';

/** Line and column (1-based) of a character offset, for messages a person can jump to. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const readable: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a double-quoted property name',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'expected the end of the file',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'bad unicode escape',
  InvalidEscapeCharacter: 'bad escape character',
  InvalidCharacter: 'control character in a string',
};

/**
 * Deeper than any graph (or param value) a person writes, far shallower than where a recursive
 * parser or validator runs out of stack (about 5,000 levels on Node 20).
 */
export const MAX_JSON_DEPTH = 256;

/**
 * The offset where JSON text first nests deeper than `max` arrays and objects, else undefined.
 * A flat scan that skips strings: it must not recurse, it guards the code that does.
 */
export function jsonDepthExceeded(text: string, max = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

/**
 * Parses strict JSON, reporting every syntax error with line and column. JSON.parse is not used:
 * on Node 20 some of its messages carry no position at all.
 */
export function parseJsonText(text: string): { value: unknown; problems: GraphProblem[] } {
  const deep = jsonDepthExceeded(text);
  if (deep !== undefined) {
    const { line, column } = lineColumn(text, deep);
    return {
      value: undefined,
      problems: [
        {
          code: 'json_parse',
          pointer: '',
          message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels at line ${line}, column ${column} (offset ${deep}); no graph is that deep`,
        },
      ],
    };
  }
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const problems = errors.map((e): GraphProblem => {
    const { line, column } = lineColumn(text, e.offset);
    const code = printParseErrorCode(e.error);
    return {
      code: 'json_parse',
      pointer: '',
      message: `invalid JSON at line ${line}, column ${column} (offset ${e.offset}): ${readable[code] ?? code}`,
    };
  });
  return { value, problems };
}
