/**
 * A small BM25F inverted index over pre-analysed terms, with a coverage factor.
 *
 * Why our own and not MiniSearch's ranking: measured on the seed corpus (docs/design/retrieval.md
 * and docs/measurements/), MiniSearch with our analyser reached hit@5 ≈ 0.65. Its score is a per-field
 * BM25 sum multiplied by the *count* of matched query terms, so chunks that repeat common
 * words ("bảo hiểm xã hội tự nguyện" = 5 syllables + 4 pairs) win; without that factor it
 * was worse still. BM25F (fields combined before saturation) with an IDF-weighted coverage
 * factor fixes both, and the flat posting arrays serialise to JSON that loads in a few ms.
 */

export interface FieldText {
  /** Analysed terms per field, in field order. */
  readonly fields: readonly (readonly string[])[];
}

export interface Bm25fTuning {
  /** Weight of each field (same order as the fields). */
  readonly fieldWeights: readonly number[];
  /** Length normalisation per field. */
  readonly b: readonly number[];
  readonly k1: number;
  /** Exponent of the IDF-weighted share of the query matched (0 = plain BM25F). */
  readonly coverage: number;
}

export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}

export interface Bm25fData {
  readonly fieldCount: number;
  readonly docCount: number;
  /** Per document, per field: length in terms (flattened: doc * fieldCount + field). */
  readonly lengths: readonly number[];
  /** term → flattened [doc, tf field 0, tf field 1, …] per posting. */
  readonly postings: Readonly<Record<string, readonly number[]>>;
}

export interface ScoredDoc {
  readonly doc: number;
  readonly score: number;
}

export class Bm25fIndex {
  private readonly averageLengths: number[];
  private readonly postings: Map<string, readonly number[]>;

  private constructor(
    private readonly data: Bm25fData,
    private readonly tuning: Bm25fTuning,
  ) {
    const { fieldCount, docCount, lengths } = data;
    this.averageLengths = Array.from({ length: fieldCount }, (_, field) => {
      let total = 0;
      for (let doc = 0; doc < docCount; doc++) total += lengths[doc * fieldCount + field] ?? 0;
      return docCount === 0 ? 1 : Math.max(total / docCount, 1);
    });
    this.postings = new Map(Object.entries(data.postings));
  }

  static build(docs: readonly FieldText[], fieldCount: number, tuning: Bm25fTuning): Bm25fIndex {
    const lengths: number[] = [];
    const postings: Record<string, number[]> = Object.create(null);
    docs.forEach((doc, docIndex) => {
      const counts = new Map<string, number[]>();
      for (let field = 0; field < fieldCount; field++) {
        const terms = doc.fields[field] ?? [];
        lengths.push(terms.length);
        for (const term of terms) {
          let tf = counts.get(term);
          if (!tf) {
            tf = new Array<number>(fieldCount).fill(0);
            counts.set(term, tf);
          }
          tf[field] = (tf[field] ?? 0) + 1;
        }
      }
      for (const [term, tf] of counts) {
        const list = postings[term] ?? [];
        list.push(docIndex, ...tf);
        postings[term] = list;
      }
    });
    return new Bm25fIndex({ fieldCount, docCount: docs.length, lengths, postings }, tuning);
  }

  static load(data: Bm25fData, tuning: Bm25fTuning): Bm25fIndex {
    return new Bm25fIndex(data, tuning);
  }

  toData(): Bm25fData {
    return this.data;
  }

  documentFrequency(term: string): number {
    const list = this.postings.get(term);
    return list ? list.length / (this.data.fieldCount + 1) : 0;
  }

  idf(term: string): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.data.docCount - df + 0.5) / (df + 0.5));
  }

  search(terms: readonly WeightedTerm[], limit: number): ScoredDoc[] {
    const { fieldCount, lengths } = this.data;
    const { fieldWeights, b, k1, coverage } = this.tuning;
    const stride = fieldCount + 1;
    const scores = new Map<number, { score: number; matched: number }>();
    let totalMass = 0;
    for (const { term, weight } of terms) {
      const idf = this.idf(term);
      const mass = idf * weight;
      totalMass += mass;
      const list = this.postings.get(term);
      if (!list) continue;
      for (let i = 0; i < list.length; i += stride) {
        const doc = list[i] as number;
        let tf = 0;
        for (let field = 0; field < fieldCount; field++) {
          const raw = list[i + 1 + field] as number;
          if (raw === 0) continue;
          const length = lengths[doc * fieldCount + field] as number;
          const norm =
            1 - (b[field] ?? 0.75) + (b[field] ?? 0.75) * (length / (this.averageLengths[field] ?? 1));
          tf += ((fieldWeights[field] ?? 1) * raw) / norm;
        }
        const termScore = weight * idf * ((tf * (k1 + 1)) / (tf + k1));
        const entry = scores.get(doc);
        if (entry) {
          entry.score += termScore;
          entry.matched += mass;
        } else scores.set(doc, { score: termScore, matched: mass });
      }
    }
    const results: ScoredDoc[] = [];
    for (const [doc, { score, matched }] of scores) {
      const share = totalMass > 0 ? matched / totalMass : 0;
      results.push({ doc, score: score * share ** coverage });
    }
    results.sort((a, b2) => b2.score - a.score || a.doc - b2.doc);
    return results.slice(0, limit);
  }
}
