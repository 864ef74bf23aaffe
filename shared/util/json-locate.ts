// Finds where JSON text first goes wrong, because V8's JSON.parse messages often omit the position.
// Only called after JSON.parse has failed, so speed does not matter; clarity does. Iterative, with
// an explicit stack of open containers: a 100,000-deep file must not overflow the call stack.

export interface JsonFault {
  offset: number;
  line: number;
  column: number;
  expected: string;
}

class Fault {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

export function locateJsonFault(text: string): JsonFault {
  let i = 0;
  const fail = (expected: string): never => {
    throw new Fault(i, expected);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const lit = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a JSON value');
  };
  const str = () => {
    if (text[i] !== '"') fail('a string');
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail('a closing quote');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('four hex digits');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail('a valid escape');
      }
      i++;
    }
    if (i >= text.length) fail('a closing quote');
    i++;
  };
  const num = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('a number');
    i += m![0].length;
  };
  /** An object key and its ':'; the value follows. */
  const key = () => {
    ws();
    str();
    ws();
    if (text[i] !== ':') fail("':'");
    i++;
  };
  // Open containers, innermost last: '{' or '['.
  const open: string[] = [];
  try {
    for (;;) {
      // Parse one value; a container pushes itself and continues with its first member.
      ws();
      const c = text[i];
      let scalar = true;
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) i++;
        else {
          open.push(c);
          if (c === '{') key();
          scalar = false;
        }
      } else if (c === '"') str();
      else if (c === 't') lit('true');
      else if (c === 'f') lit('false');
      else if (c === 'n') lit('null');
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) num();
      else fail('a JSON value');
      if (!scalar) continue;
      // After a value: close finished containers, or move on to the next member.
      let next = false;
      while (open.length && !next) {
        ws();
        const close = open[open.length - 1] === '{' ? '}' : ']';
        if (text[i] === ',') {
          i++;
          if (close === '}') key();
          next = true;
        } else if (text[i] === close) {
          i++;
          open.pop();
        } else fail(`',' or '${close}'`);
      }
      if (!open.length) break;
    }
    ws();
    if (i < text.length) fail('end of input');
  } catch (e) {
    if (!(e instanceof Fault)) throw e;
    return at(text, e.offset, e.expected);
  }
  return at(text, text.length, 'valid JSON');
}

function at(text: string, offset: number, expected: string): JsonFault {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { offset, line, column: offset - lineStart + 1, expected };
}
