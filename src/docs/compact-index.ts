/**
 * Query-time scoring over the stored chunk index. MiniSearch builds and serializes the index
 * (search-index.ts); answering a query through MiniSearch's own Map-of-Maps took ~20 ms, so
 * the server reads the same serialized postings into typed arrays and scores them the way
 * MiniSearch does, in a few milliseconds and a fraction of the memory.
 */
import { processTerm, tokenize } from '../docs-model/search-index.js';

/** One query term for {@link CompactIndex.score}: already tokenized and processed. */
export interface TermQuery {
  term: string;
  /** Multiplies the term's score (MiniSearch's boostTerm). */
  boost: number;
  /** Also match longer index terms starting with this one. */
  prefix: boolean;
  /** Also match index terms within this edit distance: a fraction of the length below 1 (as MiniSearch's fuzzy), else a number of edits; or false. */
  fuzzy: number | false;
}

/** Scored documents of one query: the first `count` entries, by short document id (see {@link CompactIndex.ids}). The arrays are reused by the index's next query. */
export interface ScoredDocuments {
  count: number;
  docs: Int32Array;
  scores: Float64Array;
}

interface SerializedIndex {
  documentCount: number;
  documentIds: Record<string, number | string>;
  fieldIds: Record<string, number>;
  fieldLength: Record<string, number[]>;
  averageFieldLength: number[];
  storedFields: Record<string, Record<string, unknown>>;
  index: Array<[string, Record<string, Record<string, number>>]>;
}

/** The postings of a serialized index as flat arrays, terms in file order. */
interface FlatPostings {
  terms: string[];
  /** (term, field id, from, to) quadruples: the term's postings in that field are docs[from..to). */
  ranges: number[];
  /** Short document ids. */
  docs: number[];
  freqs: number[];
}

/** {@link FlatPostings} as the constructor reads them: plain or typed arrays. */
interface PostingArrays {
  terms: string[];
  ranges: ArrayLike<number>;
  docs: number[] | Int32Array;
  freqs: ArrayLike<number>;
}

function flattenPostings(index: SerializedIndex['index']): FlatPostings {
  const flat: FlatPostings = { terms: [], ranges: [], docs: [], freqs: [] };
  index.forEach(([term, data], t) => {
    flat.terms.push(term);
    for (const field in data) {
      const from = flat.docs.length;
      const fieldFreqs = data[field]!;
      for (const shortId in fieldFreqs) {
        flat.docs.push(+shortId);
        flat.freqs.push(fieldFreqs[shortId]!);
      }
      flat.ranges.push(t, +field, from, flat.docs.length);
    }
  });
  return flat;
}

/** A typed array that doubles as it fills; `done()` returns the filled part (a copy, so the slack is freed). */
class GrowingInt32 {
  values: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.values = new Int32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
  done(): Int32Array {
    return this.values.slice(0, this.length);
  }
}

/**
 * Reads the `index` array of MiniSearch's JSON (`[["term",{"0":{"12":1,...},...}],...]`,
 * as JSON.stringify writes it), as UTF-8 bytes, straight into typed arrays: parsing it into
 * objects first would create some 300,000 small objects only to copy them, and the JSON as
 * one JS string is twice its byte size (a single non-Latin-1 character makes it UTF-16).
 * Throws on anything else.
 */
function scanPostings(bytes: Buffer, at: number): PostingArrays & { end: number } {
  const terms: string[] = [];
  const ranges = new GrowingInt32(bytes.length >> 6);
  const docs = new GrowingInt32(bytes.length >> 3);
  const freqs = new GrowingInt32(bytes.length >> 3);
  let i = at;
  const fail = (): never => {
    throw new Error(`unexpected index JSON at byte ${i}`);
  };
  const expect = (code: number) => (bytes[i] === code ? i++ : fail());
  const integer = (): number => {
    let value = 0;
    const start = i;
    for (let c = bytes[i]!; c >= 48 && c <= 57; c = bytes[++i]!) value = value * 10 + (c - 48);
    return i > start ? value : fail();
  };
  const quotedInteger = (): number => {
    expect(34);
    const value = integer();
    expect(34);
    return value;
  };
  // Decoded into a string of its own: a slice of one large string would keep all of it alive.
  const string = (): string => {
    const start = i;
    expect(34);
    let escaped = false;
    let ascii = true;
    for (let c = bytes[i]; c !== 34; c = bytes[++i]) {
      if (c === undefined) fail();
      if (c! >= 128) ascii = false;
      if (c === 92) {
        escaped = true;
        i++;
      }
    }
    i++;
    if (escaped) return JSON.parse(bytes.toString('utf8', start, i)) as string;
    return bytes.toString(ascii ? 'latin1' : 'utf8', start + 1, i - 1);
  };
  expect(91); // [
  while (bytes[i] !== 93) {
    const t = terms.length;
    expect(91);
    terms.push(string());
    expect(44);
    expect(123); // {
    while (bytes[i] !== 125) {
      const field = quotedInteger();
      expect(58); // :
      expect(123);
      const from = docs.length;
      while (bytes[i] !== 125) {
        docs.push(quotedInteger());
        expect(58);
        freqs.push(integer());
        if (bytes[i] === 44) i++;
      }
      expect(125);
      ranges.push(t);
      ranges.push(field);
      ranges.push(from);
      ranges.push(docs.length);
      if (bytes[i] === 44) i++;
    }
    expect(125);
    expect(93);
    if (bytes[i] === 44) i++;
  }
  expect(93);
  return { terms, ranges: ranges.done(), docs: docs.done(), freqs: freqs.done(), end: i };
}

/**
 * A CompactIndex's own data, as a search cache stores it (search-cache.ts): the postings
 * and the sorted term order, without what loading derives cheaply (posting scores, prefix
 * skips, the term lookup map). Loading these skips parsing the JSON and sorting the terms.
 */
export interface CompactParts {
  documentCount: number;
  ids: Array<number | string>;
  stored: Array<Record<string, unknown>>;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  /** Empty when the index shares another one's vocabulary (see {@link CompactIndex.grouped}). */
  terms: string[];
  termFrom: Uint32Array;
  termTo: Uint32Array;
  postingDocs: Int32Array;
  postingFreqs: Uint16Array;
  fieldLengths: Float64Array;
  /** Empty when the vocabulary is shared. */
  sortedTerms: Int32Array;
  sharedPrefix: Uint16Array;
}

/** An index's own arrays, as {@link CompactIndex}'s constructor keeps them. */
interface IndexArrays extends Omit<CompactParts, 'sortedTerms' | 'sharedPrefix'> {
  table: TermTable;
  /** Term frequencies before postingFreqs' cap at 65535, for exact scores (default: postingFreqs). */
  exactFreqs?: ArrayLike<number>;
}

/** MiniSearch's defaults, so scores match what MiniSearch.search computed. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const MAX_FUZZY = 6;
const MAX_QUERY_TERMS = 32;
const FUZZY_CACHE_SIZE = 4096;
/** Prefix depths with precomputed jumps over the terms sharing the prefix (deeper ones are scanned). */
const SKIP_DEPTHS = 5;

/**
 * A read-only, flat copy of a MiniSearch index (the serialized form the store holds) that
 * scores a query the way MiniSearch does (BM25 per field with boosts, prefix and fuzzy
 * expansions with MiniSearch's weights, the score multiplied by the number of distinct
 * query terms matched) but with postings in typed arrays and scores accumulated in
 * preallocated arrays: no per-posting objects, and a fraction of the memory of the Map
 * of Maps MiniSearch keeps.
 */
export class CompactIndex {
  readonly documentCount: number;
  /** External document id (chunks.id) by short id. */
  readonly ids: Array<number | string>;
  /** Stored fields by short id. */
  readonly stored: Array<Record<string, unknown>>;
  readonly fieldIds: Record<string, number>;
  private readonly fieldCount: number;
  /** Index terms by term id, and their ids in sorted order. */
  private readonly terms: string[];
  private readonly sortedTerms: Int32Array;
  private readonly termIds: Map<string, number>;
  /** The postings of term t in field f: postingDocs/postingScores[termFrom[t*F+f] .. termTo[t*F+f]). */
  private readonly termFrom: Uint32Array;
  private readonly termTo: Uint32Array;
  private readonly postingDocs: Int32Array;
  /** Term frequency of the posting (for {@link CompactIndex.grouped}). */
  private readonly postingFreqs: Uint16Array;
  /** BM25 of the posting (IDF × saturated term frequency): query terms only scale it. */
  private readonly postingScores: Float64Array;
  /** Field lengths (distinct tokens) by short id × field (for {@link CompactIndex.grouped}). */
  private readonly fieldLengths: Float64Array;
  private readonly averageFieldLength: number[];
  private distanceRows = new Int32Array(0);
  /** Characters each sorted term shares with the next one. */
  private readonly sharedPrefix: Uint16Array;
  private readonly skip: Int32Array;
  private readonly fuzzyCache = new Map<string, Array<[number, number]>>();
  /** Remember fuzzy expansions per term (off only to measure the uncached cost). */
  static cacheFuzzy = true;
  // Scratch space for one query at a time.
  private readonly scores: Float64Array;
  private readonly matched: Uint32Array;
  private readonly touched: Int32Array;
  private readonly results: Float64Array;

  /** Derives the posting scores and the scratch space from the index's arrays, which it keeps as they are. */
  private constructor(data: IndexArrays) {
    const n = data.ids.length;
    this.documentCount = data.documentCount;
    this.ids = data.ids;
    this.stored = data.stored;
    this.fieldIds = data.fieldIds;
    const fieldCount = (this.fieldCount = Math.max(0, ...Object.values(data.fieldIds)) + 1);
    this.fieldLengths = data.fieldLengths;
    this.averageFieldLength = data.averageFieldLength;
    this.postingDocs = data.postingDocs;
    this.postingFreqs = data.postingFreqs;
    this.termFrom = data.termFrom;
    this.termTo = data.termTo;
    const { postingDocs: docs, fieldLengths: fieldLength, termFrom, termTo } = data;
    const freqs = data.exactFreqs ?? data.postingFreqs;
    this.postingScores = new Float64Array(docs.length);
    for (let key = 0; key < termFrom.length; key++) {
      const from = termFrom[key]!;
      const to = termTo[key]!;
      if (to <= from) continue;
      const f = key % fieldCount;
      // MiniSearch's BM25+: the field's document frequency for the IDF, the field length for saturation.
      const idf = Math.log(1 + (this.documentCount - (to - from) + 0.5) / (to - from + 0.5));
      const average = data.averageFieldLength[f] ?? 0;
      for (let p = from; p < to; p++) {
        const tf = freqs[p]!;
        const length = docs[p]! < 0 ? 0 : fieldLength[docs[p]! * fieldCount + f]!;
        this.postingScores[p] = idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / average)));
      }
    }
    const table = data.table;
    this.terms = data.terms;
    this.termIds = table.termIds;
    this.sortedTerms = table.sortedTerms;
    this.sharedPrefix = table.sharedPrefix;
    this.skip = table.skip;
    this.scores = new Float64Array(n);
    this.matched = new Uint32Array(n);
    this.touched = new Int32Array(n);
    this.results = new Float64Array(n);
  }

  /** From MiniSearch's serialized fields and flat postings. `vocabulary`: the term lookup tables of an index over the same terms (see {@link CompactIndex.grouped}). */
  private static fromPostings(serialized: Omit<SerializedIndex, 'index'>, postings: PostingArrays, vocabulary?: TermTable): CompactIndex {
    const shortIds = Object.keys(serialized.documentIds).map(Number);
    const n = shortIds.length;
    const fieldCount = Math.max(0, ...Object.values(serialized.fieldIds)) + 1;
    const fieldLengths = new Float64Array(n * fieldCount);
    shortIds.forEach((shortId, i) => {
      const lengths = serialized.fieldLength[shortId] ?? [];
      for (let f = 0; f < fieldCount; f++) fieldLengths[i * fieldCount + f] = lengths[f] ?? 0;
    });
    // Short ids are 0..n-1 for an index that never removed documents; map them densely anyway.
    const { terms, ranges, docs, freqs } = postings;
    if (!shortIds.every((shortId, i) => shortId === i)) {
      const dense = new Map(shortIds.map((shortId, i) => [shortId, i]));
      for (let p = 0; p < docs.length; p++) docs[p] = dense.get(docs[p]!) ?? -1;
    }
    const postingFreqs = new Uint16Array(freqs.length);
    for (let p = 0; p < freqs.length; p++) postingFreqs[p] = Math.min(freqs[p]!, 65535);
    const termFrom = new Uint32Array(terms.length * fieldCount);
    const termTo = new Uint32Array(terms.length * fieldCount);
    for (let r = 0; r < ranges.length; r += 4) {
      const f = ranges[r + 1]!;
      if (f >= fieldCount) continue;
      termFrom[ranges[r]! * fieldCount + f] = ranges[r + 2]!;
      termTo[ranges[r]! * fieldCount + f] = ranges[r + 3]!;
    }
    return new CompactIndex({
      documentCount: serialized.documentCount,
      ids: shortIds.map((shortId) => serialized.documentIds[shortId]!),
      stored: shortIds.map((shortId) => serialized.storedFields[shortId] ?? {}),
      fieldIds: serialized.fieldIds,
      averageFieldLength: serialized.averageFieldLength,
      terms,
      termFrom,
      termTo,
      postingDocs: docs instanceof Int32Array ? docs : Int32Array.from(docs),
      postingFreqs,
      fieldLengths,
      table: vocabulary ?? termTable(terms),
      exactFreqs: freqs,
    });
  }

  /** The store's serialized MiniSearch index, as text or as its UTF-8 bytes (the smaller form to hold while loading). */
  static fromJson(json: string | Uint8Array): CompactIndex {
    const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : Buffer.from(json.buffer, json.byteOffset, json.byteLength);
    const key = bytes.indexOf(',"index":[');
    if (key > 0) {
      try {
        const { end, ...postings } = scanPostings(bytes, key + ',"index":'.length);
        return CompactIndex.fromPostings(JSON.parse(Buffer.concat([bytes.subarray(0, key), bytes.subarray(end)]).toString('utf8')) as SerializedIndex, postings);
      } catch {
        // Not as JSON.stringify wrote it: parse it the slow way.
      }
    }
    const serialized = JSON.parse(bytes.toString('utf8')) as SerializedIndex;
    return CompactIndex.fromPostings(serialized, flattenPostings(serialized.index));
  }

  /** This index's data for a search cache; `sharedVocabulary`: leave out the terms, which another index holds. */
  toParts(sharedVocabulary = false): CompactParts {
    // Scores use the exact term frequency; the stored one is capped (a count no section reaches).
    if (this.postingFreqs.includes(65535)) throw new Error('a term frequency beyond 65534 cannot be stored');
    return {
      documentCount: this.documentCount,
      ids: this.ids,
      stored: this.stored,
      fieldIds: this.fieldIds,
      averageFieldLength: this.averageFieldLength,
      terms: sharedVocabulary ? [] : this.terms,
      termFrom: this.termFrom,
      termTo: this.termTo,
      postingDocs: this.postingDocs,
      postingFreqs: this.postingFreqs,
      fieldLengths: this.fieldLengths,
      sortedTerms: sharedVocabulary ? new Int32Array(0) : this.sortedTerms,
      sharedPrefix: sharedVocabulary ? new Uint16Array(0) : this.sharedPrefix,
    };
  }

  /** The index {@link toParts} described, on the parts' own arrays (not copied); `vocabulary`: the index whose terms it shares. */
  static fromParts(parts: CompactParts, vocabulary?: CompactIndex): CompactIndex {
    const terms = vocabulary ? vocabulary.terms : parts.terms;
    const { documentCount, ids, stored, fieldIds, averageFieldLength, termFrom, termTo, postingDocs, postingFreqs, fieldLengths } = parts;
    const table = vocabulary ? vocabulary.vocabulary() : termTableFromOrder(terms, parts.sortedTerms, parts.sharedPrefix);
    return new CompactIndex({ documentCount, ids, stored, fieldIds, averageFieldLength, terms, termFrom, termTo, postingDocs, postingFreqs, fieldLengths, table });
  }

  private vocabulary(): TermTable {
    return { termIds: this.termIds, sortedTerms: this.sortedTerms, sharedPrefix: this.sharedPrefix, skip: this.skip };
  }

  /**
   * Indexes documents in memory as MiniSearch would with these fields and `tokenize` and
   * `processTerm` (field length = distinct tokens, as MiniSearch counts it).
   */
  static build(documents: Array<{ id: number | string } & Record<string, unknown>>, fields: string[]): CompactIndex {
    const fieldIds = Object.fromEntries(fields.map((field, f) => [field, f]));
    const documentIds: Record<string, number | string> = {};
    const fieldLength: Record<string, number[]> = {};
    const totals = fields.map(() => 0);
    const termIds = new Map<string, number>();
    const terms: string[] = [];
    // Postings as (term × field, document, frequency) triples in one typed array, sorted by
    // term and field below: an array per term and field would be thousands of small objects
    // that outlive the young generation and make the heap grow.
    const triples = new GrowingInt32(documents.length * 16);
    documents.forEach((document, doc) => {
      documentIds[doc] = document.id;
      const lengths = (fieldLength[doc] = fields.map(() => 0));
      fields.forEach((field, f) => {
        const value = document[field];
        if (value == null) return;
        const tokens = tokenize(String(value));
        lengths[f] = new Set(tokens).size;
        totals[f] += lengths[f]!;
        const counts = new Map<string, number>();
        for (const token of tokens) {
          const term = processTerm(token);
          if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
        }
        for (const [term, tf] of counts) {
          let t = termIds.get(term);
          if (t === undefined) termIds.set(term, (t = terms.push(term) - 1));
          triples.push(t * fields.length + f);
          triples.push(doc);
          triples.push(tf);
        }
      });
    });
    // A counting sort by term × field keeps each list in document order.
    const { values } = triples;
    const starts = new Int32Array(terms.length * fields.length + 1);
    for (let i = 0; i < triples.length; i += 3) starts[values[i]! + 1]!++;
    for (let key = 0; key < terms.length * fields.length; key++) starts[key + 1]! += starts[key]!;
    const docs = new Int32Array(triples.length / 3);
    const freqs = new Int32Array(triples.length / 3);
    const next = starts.slice(0, -1);
    for (let i = 0; i < triples.length; i += 3) {
      const at = next[values[i]!]!++;
      docs[at] = values[i + 1]!;
      freqs[at] = values[i + 2]!;
    }
    const ranges = new GrowingInt32(terms.length * 4);
    for (let key = 0; key < terms.length * fields.length; key++) {
      if (starts[key] === starts[key + 1]) continue;
      ranges.push(Math.floor(key / fields.length));
      ranges.push(key % fields.length);
      ranges.push(starts[key]!);
      ranges.push(starts[key + 1]!);
    }
    const averageFieldLength = totals.map((total) => (documents.length ? total / documents.length : 0));
    return CompactIndex.fromPostings({ documentCount: documents.length, documentIds, fieldIds, fieldLength, averageFieldLength, storedFields: {} }, { terms, ranges: ranges.done(), docs, freqs });
  }

  /**
   * The same postings indexed by groups of documents (a chunk index by page): a group's term
   * frequency and field length are the sums over its documents, as if the group were one
   * document. `groupOf` maps short ids to groups 0..groupCount-1 (-1: left out); only `fields`.
   */
  grouped(groupOf: Int32Array, groupCount: number, fields: string[]): CompactIndex {
    const fieldIds = Object.fromEntries(fields.map((field, f) => [field, f]));
    const source = fields.map((field) => this.fieldIds[field]);
    const fieldLength: Record<string, number[]> = {};
    const documentIds: Record<string, number> = {};
    for (let g = 0; g < groupCount; g++) {
      documentIds[g] = g;
      fieldLength[g] = fields.map(() => 0);
    }
    for (let doc = 0; doc < groupOf.length; doc++) {
      const g = groupOf[doc]!;
      if (g < 0) continue;
      source.forEach((f, k) => {
        if (f !== undefined) fieldLength[g]![k]! += this.fieldLengths[doc * this.fieldCount + f]!;
      });
    }
    const totals = fields.map((_, k) => Object.values(fieldLength).reduce((sum, lengths) => sum + lengths[k]!, 0));
    // Two passes over the postings, counting then filling typed arrays: growing plain arrays
    // of some 100,000 postings left megabytes of garbage at load.
    const postingsOf = (t: number, f: number, visit: (group: number, tf: number) => void) => {
      for (let p = this.termFrom[t * this.fieldCount + f]!; p < this.termTo[t * this.fieldCount + f]!; p++) {
        const group = this.postingDocs[p]! < 0 ? -1 : groupOf[this.postingDocs[p]!]!;
        if (group >= 0) visit(group, this.postingFreqs[p]!);
      }
    };
    const stamp = new Int32Array(groupCount).fill(-1);
    let total = 0;
    let rangeCount = 0;
    for (let t = 0; t < this.terms.length; t++) {
      source.forEach((f, k) => {
        if (f === undefined) return;
        const key = t * fields.length + k;
        let distinct = 0;
        postingsOf(t, f, (group) => {
          if (stamp[group] !== key) {
            stamp[group] = key;
            distinct++;
          }
        });
        total += distinct;
        if (distinct) rangeCount++;
      });
    }
    const flat = { terms: this.terms, ranges: new Int32Array(rangeCount * 4), docs: new Int32Array(total), freqs: new Uint32Array(total) };
    const tf = new Float64Array(groupCount);
    const touched = new Int32Array(groupCount);
    let at = 0;
    let r = 0;
    for (let t = 0; t < this.terms.length; t++) {
      source.forEach((f, k) => {
        if (f === undefined) return;
        let n = 0;
        postingsOf(t, f, (group, freq) => {
          if (tf[group] === 0) touched[n++] = group;
          tf[group] += freq;
        });
        if (n === 0) return;
        const from = at;
        for (const group of touched.subarray(0, n).sort()) {
          flat.docs[at] = group;
          flat.freqs[at++] = tf[group]!;
          tf[group] = 0;
        }
        flat.ranges.set([t, k, from, at], r);
        r += 4;
      });
    }
    const averageFieldLength = totals.map((total) => (groupCount ? total / groupCount : 0));
    return CompactIndex.fromPostings({ documentCount: groupCount, documentIds, fieldIds, fieldLength, averageFieldLength, storedFields: {} }, flat, this.vocabulary());
  }

  get termCount(): number {
    return this.terms.length;
  }

  has(term: string): boolean {
    return this.termIds.has(term);
  }

  /** The share of documents with the term in the field where it is most common (0 when unknown). */
  commonness(term: string): number {
    const t = this.termIds.get(term);
    if (t === undefined || this.documentCount === 0) return 0;
    let most = 0;
    for (let f = 0; f < this.fieldCount; f++) most = Math.max(most, this.termTo[t * this.fieldCount + f]! - this.termFrom[t * this.fieldCount + f]!);
    return most / this.documentCount;
  }

  /** Documents with the term in any field (counted once per field it occurs in). */
  frequency(term: string): number {
    const t = this.termIds.get(term);
    if (t === undefined) return 0;
    let count = 0;
    for (let f = 0; f < this.fieldCount; f++) count += this.termTo[t * this.fieldCount + f]! - this.termFrom[t * this.fieldCount + f]!;
    return count;
  }

  /**
   * Scores the documents matching any of the terms. `boosts` by field name (absent fields
   * are not searched). The result's arrays are reused by the next call.
   */
  score(queries: TermQuery[], boosts: Record<string, number>): ScoredDocuments {
    const fieldBoosts: Array<[number, number]> = Object.entries(boosts)
      .filter(([field]) => field in this.fieldIds)
      .map(([field, boost]) => [this.fieldIds[field]!, boost]);
    const unique = new Map<string, number>();
    let count = 0;
    for (const query of queries) {
      if (!unique.has(query.term)) unique.set(query.term, Math.min(unique.size, MAX_QUERY_TERMS - 1));
      const bit = 1 << unique.get(query.term)!;
      const exact = this.termIds.get(query.term);
      if (exact !== undefined) count = this.addTerm(exact, query.boost, bit, fieldBoosts, count);
      const prefixed = new Set<number>();
      if (query.prefix) {
        const [from, to] = this.prefixRange(query.term);
        for (let at = from; at < to; at++) {
          const t = this.sortedTerms[at]!;
          if (t === exact) continue;
          prefixed.add(t);
          const length = this.terms[t]!.length;
          const weight = (PREFIX_WEIGHT * length) / (length + 0.3 * (length - query.term.length));
          count = this.addTerm(t, weight * query.boost, bit, fieldBoosts, count);
        }
      }
      if (query.fuzzy) {
        const maxDistance = query.fuzzy < 1 ? Math.min(MAX_FUZZY, Math.round(query.term.length * query.fuzzy)) : query.fuzzy;
        if (maxDistance > 0) {
          for (const [t, weight] of this.fuzzyMatches(query.term, maxDistance)) {
            if (prefixed.has(t)) continue;
            count = this.addTerm(t, weight * query.boost, bit, fieldBoosts, count);
          }
        }
      }
    }
    const { touched: docs, results: scores } = this;
    for (let i = 0; i < count; i++) {
      const doc = docs[i]!;
      scores[i] = this.scores[doc]! * popcount(this.matched[doc]!);
      this.scores[doc] = 0;
      this.matched[doc] = 0;
    }
    return { count, docs, scores };
  }

  private addTerm(t: number, weight: number, bit: number, fieldBoosts: Array<[number, number]>, count: number): number {
    const { fieldCount, termFrom, termTo, postingDocs, postingScores, scores, matched, touched } = this;
    for (const [f, fieldBoost] of fieldBoosts) {
      const from = termFrom[t * fieldCount + f]!;
      const to = termTo[t * fieldCount + f]!;
      const scale = weight * fieldBoost;
      for (let p = from; p < to; p++) {
        const doc = postingDocs[p]!;
        if (doc < 0) continue;
        if (matched[doc] === 0) touched[count++] = doc;
        scores[doc] += scale * postingScores[p]!;
        matched[doc]! |= bit;
      }
    }
    return count;
  }

  /** Index terms starting with the prefix: a range of the sorted terms. */
  private prefixRange(prefix: string): [number, number] {
    const { terms, sortedTerms } = this;
    let lo = 0;
    let hi = sortedTerms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (terms[sortedTerms[mid]!]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < sortedTerms.length && terms[sortedTerms[end]!]!.startsWith(prefix)) end++;
    return [lo, end];
  }

  /**
   * Index terms within the edit distance (not the term itself), with MiniSearch's fuzzy
   * weight. The lookup is the costly part of a query; its answers are remembered (they
   * depend only on the term and the index), a bounded number of them.
   */
  private fuzzyMatches(term: string, maxDistance: number): Array<[number, number]> {
    const key = `${maxDistance}:${term}`;
    const known = this.fuzzyCache.get(key);
    if (known) return known;
    const matches: Array<[number, number]> = [];
    for (const [t, distance] of this.withinDistance(term, maxDistance)) {
      const length = this.terms[t]!.length;
      if (distance) matches.push([t, (FUZZY_WEIGHT * length) / (length + distance)]);
    }
    if (!CompactIndex.cacheFuzzy) return matches;
    if (this.fuzzyCache.size >= FUZZY_CACHE_SIZE) this.fuzzyCache.clear();
    this.fuzzyCache.set(key, matches);
    return matches;
  }

  /**
   * Index terms within the edit distance of the word, with their distances: a walk over
   * the sorted terms as over a trie, reusing the edit-distance rows of the shared prefix
   * and skipping every term under a prefix already too far from the word.
   */
  private withinDistance(word: string, maxDistance: number): Array<[number, number]> {
    const { terms, sortedTerms, sharedPrefix } = this;
    const width = word.length + 1;
    const maxLength = word.length + maxDistance;
    // Row d: the edit distances between the first d characters of the current term and the word's prefixes.
    if (this.distanceRows.length < width * (maxLength + 2)) this.distanceRows = new Int32Array(width * (maxLength + 2));
    const rows = this.distanceRows;
    for (let j = 0; j < width; j++) rows[j] = j;
    const codes = Int32Array.from({ length: word.length }, (_, j) => word.charCodeAt(j));
    const found: Array<[number, number]> = [];
    let valid = 0; // rows 0..valid hold for the current term
    let k = 0;
    walk: while (k < sortedTerms.length) {
      const t = sortedTerms[k]!;
      const term = terms[t]!;
      for (let d = valid + 1; d <= term.length; d++) {
        let smallest = d;
        if (d <= maxLength) {
          const code = term.charCodeAt(d - 1);
          const above = (d - 1) * width;
          const row = d * width;
          rows[row] = d;
          let left = d;
          for (let j = 1; j < width; j++) {
            let value = rows[above + j - 1]! + (codes[j - 1] === code ? 0 : 1);
            const up = rows[above + j]! + 1;
            if (up < value) value = up;
            if (left + 1 < value) value = left + 1;
            rows[row + j] = left = value;
            if (value < smallest) smallest = value;
          }
        }
        if (smallest > maxDistance) {
          // No term under this prefix comes within the distance: skip them all.
          if (d <= SKIP_DEPTHS) k = this.skip[(d - 1) * sortedTerms.length + k]! - 1;
          else while (k < sortedTerms.length - 1 && sharedPrefix[k]! >= d) k++;
          valid = Math.min(d - 1, sharedPrefix[k]!);
          k++;
          continue walk;
        }
      }
      const distance = rows[term.length * width + word.length]!;
      if (distance <= maxDistance) found.push([t, distance]);
      valid = Math.min(term.length, sharedPrefix[k]!);
      k++;
    }
    return found;
  }

}

/** Lookup tables over the index terms: by term, in sorted order, and for walking the sorted terms as a trie. */
interface TermTable {
  termIds: Map<string, number>;
  sortedTerms: Int32Array;
  /** Characters each sorted term shares with the next one. */
  sharedPrefix: Uint16Array;
  /** skip[(d-1)*n + k]: the first sorted position after k whose term differs from term k in its first d characters. */
  skip: Int32Array;
}

function termTable(terms: string[]): TermTable {
  // Terms sorted, so that the terms with a prefix are a range.
  const sortedTerms = Int32Array.from(terms.keys()).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
  const sharedPrefix = new Uint16Array(terms.length);
  for (let k = 0; k + 1 < terms.length; k++) {
    const a = terms[sortedTerms[k]!]!;
    const b = terms[sortedTerms[k + 1]!]!;
    let shared = 0;
    while (shared < a.length && shared < b.length && shared < 65535 && a.charCodeAt(shared) === b.charCodeAt(shared)) shared++;
    sharedPrefix[k] = shared;
  }
  return termTableFromOrder(terms, sortedTerms, sharedPrefix);
}

/** The lookup tables from the sorted order (the costly part, which the search cache stores). */
function termTableFromOrder(terms: string[], sortedTerms: Int32Array, sharedPrefix: Uint16Array): TermTable {
  const termIds = new Map<string, number>();
  terms.forEach((term, t) => termIds.set(term, t));
  const count = terms.length;
  const skip = new Int32Array(SKIP_DEPTHS * count);
  for (let d = 1; d <= SKIP_DEPTHS; d++) {
    const base = (d - 1) * count;
    for (let k = count - 1; k >= 0; k--) skip[base + k] = k + 1 < count && sharedPrefix[k]! >= d ? skip[base + k + 1]! : k + 1;
  }
  return { termIds, sortedTerms, sharedPrefix, skip };
}

function popcount(value: number): number {
  value -= (value >>> 1) & 0x55555555;
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  return (((value + (value >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
