/** The file `--split` writes the settings to (and `channels: []` when no channel is exported). */
export const SETTINGS_FILE = 'settings.yaml';

/** Longest group part of a file name, in characters: far below any file system's limit. */
const MAX_SLUG = 60;

/** A group whose channels go to one file. */
export interface GroupRef {
  readonly id: number;
  readonly name: string;
}

/**
 * The file name `--split` gives each group's channels: `channels-<slug>.yaml`, where the slug is
 * the group name in lower-case ASCII letters and digits, every other run of characters one `-`
 * (accents dropped: `Vertrieb Österreich` → `vertrieb-osterreich`), at most 60 characters,
 * `group` when nothing is left. The same on every operating system and file system (no case,
 * no Unicode normalisation, no character a shell or Windows treats specially).
 *
 * Groups whose slugs collide (`Sales` and `sales`, or two names in another script) each get
 * `--<group id>` appended: a slug never holds `--`, so these names cannot collide again.
 */
export function channelFileNames(groups: readonly GroupRef[]): ReadonlyMap<string, string> {
  const bySlug = new Map<string, GroupRef[]>();
  for (const g of groups) {
    const slug = groupSlug(g.name);
    bySlug.set(slug, [...(bySlug.get(slug) ?? []), g]);
  }
  const names = new Map<string, string>();
  for (const [slug, sharing] of bySlug) {
    for (const g of sharing) names.set(g.name, sharing.length === 1 ? `channels-${slug}.yaml` : `channels-${slug}--${g.id}.yaml`);
  }
  return names;
}

export function groupSlug(name: string): string {
  const ascii = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_SLUG).replace(/-+$/, '');
  return slug === '' ? 'group' : slug;
}
