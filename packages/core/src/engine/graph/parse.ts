import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { GraphProblem } from './problems.js';

/** Line and column (1-based) of a character offset, for messages a person can jump to. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
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
 * Parses strict JSON, reporting every syntax error with line and column. JSON.parse is not used:
 * on Node 20 some of its messages carry no position at all.
 */
export function parseJsonText(text: string): { value: unknown; problems: GraphProblem[] } {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
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
