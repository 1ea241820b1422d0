/**
 * What each role may use in the console. The API enforces the same rules (403); this only
 * decides what is shown. `admin` includes everything `editor` may do.
 */
import type { Role } from '../types.js';

export type Capability =
  /** FAQ list, item view and version history. */
  | 'faq.read'
  /** Create, save, publish, unpublish, restore, collision check. */
  | 'faq.edit'
  | 'faq.import'
  | 'faq.export'
  /** The test bench (Kiểm tra). */
  | 'test'
  /** The web chat (Thử hỏi). */
  | 'chat'
  /** Văn bản: the documents, their passages and the served index. */
  | 'documents.read'
  /** Upload, supersede, withdraw, reindex. */
  | 'documents.edit'
  /** The analyst workspace: overview, turns, gaps, suggestions, 👎 (reading, own notes, drafts). */
  | 'analytics'
  /** Moving a suggestion along, adding a cluster's questions to an existing FAQ. */
  | 'suggestions.decide';

const ALLOWED: Record<Capability, readonly Role[]> = {
  'faq.read': ['analyst', 'editor', 'admin'],
  'faq.edit': ['editor', 'admin'],
  'faq.import': ['editor', 'admin'],
  'faq.export': ['analyst', 'editor', 'admin'],
  test: ['analyst', 'editor', 'admin'],
  chat: ['analyst', 'editor', 'admin'],
  'documents.read': ['analyst', 'editor', 'admin'],
  'documents.edit': ['editor', 'admin'],
  analytics: ['analyst', 'editor', 'admin'],
  'suggestions.decide': ['editor', 'admin'],
};

export function can(roles: readonly Role[], capability: Capability): boolean {
  return roles.some((role) => ALLOWED[capability].includes(role));
}
