/**
 * The embedding port over the `openai` SDK's `embeddings.create`: the same base URL, key,
 * timeout and retry settings as the chat adapter (chat.ts), loaded on the first call. The SDK
 * asks for base64 and decodes it to floats; a server answering plain floats works the same.
 * Every failure becomes a reason; nothing is thrown into the core.
 */
import type { EmbeddingPort, EmbeddingResult } from '../../core/ports.js';
import { failureOf } from './chat.js';
import { lazyClient, type Sdk } from './client.js';

export interface OpenAiEmbeddingSettings {
  readonly model: string;
  /** Shortened vectors (text-embedding-3 models); undefined: the model's own size. */
  readonly dimensions?: number;
  /** `float` for a server that cannot send base64; default: the SDK's base64, decoded by it. */
  readonly encodingFormat?: 'float' | 'base64';
  readonly apiKey: string;
  readonly baseURL?: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

/** Inputs per request: well under the API's limit of 2,048, and small enough to time out rarely. */
export const EMBEDDING_BATCH = 64;

export class OpenAiEmbeddings implements EmbeddingPort {
  private readonly load: ReturnType<typeof lazyClient>;

  constructor(private readonly settings: OpenAiEmbeddingSettings) {
    this.load = lazyClient(settings);
  }

  get model(): string {
    return this.settings.model;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<EmbeddingResult> {
    let module: Sdk | undefined;
    try {
      const loaded = await this.load();
      module = loaded.module;
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += EMBEDDING_BATCH) {
        const batch = texts.slice(start, start + EMBEDDING_BATCH);
        const response = await loaded.client.embeddings.create(
          {
            model: this.settings.model,
            input: batch,
            ...(this.settings.dimensions ? { dimensions: this.settings.dimensions } : {}),
            ...(this.settings.encodingFormat ? { encoding_format: this.settings.encodingFormat } : {}),
          },
          {
            ...(signal ? { signal } : {}),
            timeout: this.settings.timeoutMs,
            maxRetries: this.settings.maxRetries,
          },
        );
        const ordered = [...response.data].sort((a, b) => a.index - b.index);
        if (ordered.length !== batch.length) return { ok: false, reason: 'malformed' };
        for (const item of ordered) {
          const vector = Array.from(item.embedding as ArrayLike<number>);
          if (vector.length === 0 || vector.some((value) => !Number.isFinite(value)))
            return { ok: false, reason: 'malformed' };
          vectors.push(vector);
        }
      }
      const size = vectors[0]?.length;
      if (vectors.some((vector) => vector.length !== size)) return { ok: false, reason: 'malformed' };
      return { ok: true, vectors };
    } catch (error) {
      return { ok: false, reason: module ? failureOf(error, module) : 'server_error' };
    }
  }
}
