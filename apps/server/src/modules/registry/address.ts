/** The standard address (标准地址) of a room, as every page and export writes it. */
export interface RoomAddressParts {
  buildingAddress: string;
  buildingName: string;
  unitName?: string | null;
  number?: string | null;
}

/** 江海路 88 号 金溪花园 3 栋 1 单元 302 */
export function roomAddress(p: RoomAddressParts): string {
  return [p.buildingAddress, p.buildingName, p.unitName || null, p.number || null].filter(Boolean).join(' ');
}
