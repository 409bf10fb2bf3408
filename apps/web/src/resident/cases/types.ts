/**
 * The category tree as the report form uses it: the top-level groups (紧急事件, 市容环境 …) with
 * their leaves, in the server's order, inactive ones left out, names in the page's language.
 */
import type { CaseCategory, CaseCategoryTree } from '@gongzhi/api';

/** [west, south, east, north] */
export type DistrictBbox = [number, number, number, number];

/** The tree, and the district's outline for the schematic map when the server gives one. */
export type CategoryTree = CaseCategoryTree & { bbox?: DistrictBbox | null };

export interface CategoryGroup {
  uid: string;
  name: string;
  leaves: { uid: string; name: string }[];
}

export function flattenCategories(tree: CategoryTree, english = false): CategoryGroup[] {
  const label = (c: CaseCategory) => (english && c.nameEn ? c.nameEn : c.name);
  return tree.items
    .filter((c) => c.active)
    .map((c) => ({
      uid: c.uid,
      name: label(c),
      leaves: c.children.filter((l) => l.active).map((l) => ({ uid: l.uid, name: label(l) })),
    }));
}
