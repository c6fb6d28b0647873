import { statfs } from 'node:fs/promises';
import type { DiskBlocks } from './alert-rules';

/** The blocks of the file system that holds `dir` (DATA_DIR: the embedded database, mail files, secrets). */
export async function diskBlocksOf(dir: string): Promise<DiskBlocks> {
  const s = await statfs(dir);
  return { blocks: Number(s.blocks), bfree: Number(s.bfree), bavail: Number(s.bavail) };
}
