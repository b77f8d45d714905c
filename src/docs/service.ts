/**
 * The docs index as the server sees it: opened once per process and shared by every
 * request. (Filled in by the docs tools: status, background build, search.)
 */
import type { ResolvedConfig } from '../config/resolve.js';

export class DocsService {
  constructor(readonly settings: ResolvedConfig['docs']) {}
}
