import { error, type Diagnostic } from '../diagnostics.js';

/** More emphasis markers than any real paragraph has; micromark's emphasis matching is quadratic in them. */
export const MAX_DELIMITERS_PER_PARAGRAPH = 1000;

/**
 * A paragraph with thousands of `*`, `_` or `~` takes the Markdown parser minutes (4,000 took 5 s,
 * 50,000 over 20 minutes), so a pasted run of them is reported at its line instead of hanging the build.
 */
export function delimiterFlood(body: string, where: { file: string; bodyLine: number }): Diagnostic | undefined {
  let count = 0;
  let line = 0;
  let paragraphLine = 0;
  let inParagraph = false;
  let lineBlank = true;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10) {
      line++;
      // A blank line ends the paragraph.
      if (lineBlank) {
        inParagraph = false;
        count = 0;
      }
      lineBlank = true;
      continue;
    }
    if (c !== 32 && c !== 9) {
      lineBlank = false;
      if (!inParagraph) {
        inParagraph = true;
        paragraphLine = line;
      }
    }
    if (c === 42 || c === 95 || c === 126) {
      count++;
      if (count > MAX_DELIMITERS_PER_PARAGRAPH) {
        return error(`has more than ${MAX_DELIMITERS_PER_PARAGRAPH} * , _ or ~ characters in one paragraph, which is too many to read as Markdown.`, {
          file: where.file,
          line: where.bodyLine + paragraphLine,
          hint: 'Remove the run of symbols, or put it in a code block between ``` lines.',
        });
      }
    }
  }
  return undefined;
}
