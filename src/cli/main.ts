/** Placeholder until the CLI lands; replaced by the commander program. */
export async function main(_argv: readonly string[]): Promise<number> {
  return 0;
}
