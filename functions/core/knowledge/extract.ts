/**
 * Text extraction from the formats staff upload: plain text, Markdown, Word (.docx, via
 * mammoth) and PDF (via unpdf, which bundles a serverless build of pdf.js). PDF pages are
 * kept so citations can name them.
 */
import { toNfc } from '../text/fold.js';

export interface ExtractedText {
  readonly text: string;
  /** Page of each line for paginated formats (index i = line i+1). */
  readonly pageOfLine?: readonly number[];
}

export class UnsupportedFormatError extends Error {
  constructor(readonly file: string) {
    super(`Unsupported document format: ${file} (expected .txt, .md, .docx or .pdf)`);
    this.name = 'UnsupportedFormatError';
  }
}

export class ExtractionError extends Error {
  constructor(file: string, cause: unknown) {
    super(`Could not read text from ${file}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'ExtractionError';
  }
}

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.docx', '.pdf'] as const;

export function isSupportedFile(file: string): boolean {
  const lower = file.toLowerCase();
  return SUPPORTED_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

export async function extractText(file: string, bytes: Uint8Array): Promise<ExtractedText> {
  const lower = file.toLowerCase();
  try {
    if (lower.endsWith('.txt') || lower.endsWith('.md')) {
      return { text: toNfc(new TextDecoder('utf-8').decode(bytes)) };
    }
    if (lower.endsWith('.docx')) {
      const mammoth = await import('mammoth');
      const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
      return { text: toNfc(result.value) };
    }
    if (lower.endsWith('.pdf')) {
      const { extractText: extractPdf, getDocumentProxy } = await import('unpdf');
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      const { text } = await extractPdf(pdf, { mergePages: false });
      const pages = Array.isArray(text) ? text : [text];
      const lines: string[] = [];
      const pageOfLine: number[] = [];
      pages.forEach((page, index) => {
        for (const line of toNfc(page).split('\n')) {
          lines.push(line);
          pageOfLine.push(index + 1);
        }
        // A blank line between pages, so a page break never glues two words together.
        lines.push('');
        pageOfLine.push(index + 1);
      });
      return { text: lines.join('\n'), pageOfLine };
    }
  } catch (error) {
    throw new ExtractionError(file, error);
  }
  throw new UnsupportedFormatError(file);
}
