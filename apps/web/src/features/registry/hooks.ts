/**
 * The living registry's use-cases (三活 / 一标三实) as the web app calls them: search persons,
 * read a 活档案 profile, keep households, buildings, tags, facilities, and import or export a
 * 台账. Every answer is the shared contract of packages/api/src/registry.ts.
 */
import type {
  AddMemberBody,
  AddTagBody,
  Building,
  BuildingView,
  CreateBuildingBody,
  CreateHouseholdBody,
  CreateTagBody,
  EndTagBody,
  Facility,
  Household,
  MapCollection,
  MergeHouseholdBody,
  Organisation,
  PersonEventBody,
  PersonProfile,
  PersonSearchResult,
  RegistryImport,
  RevealBody,
  Revealed,
  SplitHouseholdBody,
  TagDefinition,
  UpdateFacilityBody,
  UpdatePersonBody,
  UpdateTagBody,
} from '@gongzhi/api';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryParams } from '../../api/client.ts';

export type Tag = typeof TagDefinition.static;
export type FacilityRow = typeof Facility.static;
export type OrganisationRow = typeof Organisation.static;
/** The map answer; `tiles` is the configured tile URL template, null when there is no tile server. */
export type MapData = typeof MapCollection.static;
type SearchResult = typeof PersonSearchResult.static;

interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const registryKeys = {
  all: ['registry'] as const,
  search: (q: PersonSearch) => ['registry', 'persons', q] as const,
  person: (id: string) => ['registry', 'person', id] as const,
  household: (id: string) => ['registry', 'household', id] as const,
  buildings: (q: QueryParams) => ['registry', 'buildings', q] as const,
  building: (id: string) => ['registry', 'building', id] as const,
  tags: ['registry', 'tags'] as const,
  map: (unit: string) => ['registry', 'map', unit] as const,
  facilities: (q: QueryParams) => ['registry', 'facilities', q] as const,
  organisations: (q: QueryParams) => ['registry', 'organisations', q] as const,
  imports: (unit: string) => ['registry', 'imports', unit] as const,
  import: (id: string) => ['registry', 'import', id] as const,
};

/** What the search page asks; empty strings are left out of the URL by the API client. */
export interface PersonSearch {
  q?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  tag?: string;
  unit?: string;
  status?: string;
  page: number;
  pageSize: number;
}

const nothingAsked = (q: PersonSearch) => !q.q && !q.idNumber && !q.phone && !q.address && !q.tag && !q.unit;

export function usePersonSearch(query: PersonSearch) {
  return useQuery({
    queryKey: registryKeys.search(query),
    queryFn: () => api.get<SearchResult>('/api/registry/persons', { ...query }),
    // An empty form asks for nothing: the page invites a search instead of listing a street.
    enabled: !nothingAsked(query),
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string) {
  return useQuery({
    queryKey: registryKeys.person(id),
    queryFn: () => api.get<PersonProfile>(`/api/registry/persons/${encodeURIComponent(id)}`),
  });
}

export function useHousehold(id: string) {
  return useQuery({
    queryKey: registryKeys.household(id),
    queryFn: () => api.get<Household>(`/api/registry/households/${encodeURIComponent(id)}`),
  });
}

export function useBuildings(query: { unit?: string; q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: registryKeys.buildings(query),
    queryFn: () => api.get<Paged<Building>>('/api/registry/buildings', query),
    placeholderData: keepPreviousData,
  });
}

export function useBuilding(id: string) {
  return useQuery({
    queryKey: registryKeys.building(id),
    queryFn: () => api.get<BuildingView>(`/api/registry/buildings/${encodeURIComponent(id)}`),
  });
}

export function useTags() {
  return useQuery({
    queryKey: registryKeys.tags,
    queryFn: () => api.get<Tag[]>('/api/registry/tags'),
    staleTime: 5 * 60_000,
  });
}

export function useMap(unit: string | undefined) {
  return useQuery({
    queryKey: registryKeys.map(unit ?? ''),
    queryFn: () => api.get<MapData>('/api/registry/map', { unit }),
    enabled: Boolean(unit),
  });
}

export function useFacilities(query: { unit?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: registryKeys.facilities(query),
    queryFn: () => api.get<Paged<FacilityRow>>('/api/registry/facilities', query),
    enabled: Boolean(query.unit),
    placeholderData: keepPreviousData,
  });
}

export function useOrganisations(query: { unit?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: registryKeys.organisations(query),
    queryFn: () => api.get<Paged<OrganisationRow>>('/api/registry/organisations', query),
    enabled: Boolean(query.unit),
    placeholderData: keepPreviousData,
  });
}

export function useImports(unit: string | undefined) {
  return useQuery({
    queryKey: registryKeys.imports(unit ?? ''),
    queryFn: () => api.get<Paged<RegistryImport>>('/api/registry/imports', { unit, pageSize: 20 }),
    enabled: Boolean(unit),
    // While an import of the list is still running, its row follows it.
    refetchInterval: (query) =>
      query.state.data?.items.some((i) => i.status === 'checking' || i.status === 'committing') ? 2000 : false,
  });
}

/** One import, asked again every second while the server is still checking or committing it. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: registryKeys.import(id ?? ''),
    queryFn: () => api.get<RegistryImport>(`/api/registry/imports/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'checked' || status === 'committed' || status === 'failed' ? false : 1000;
    },
  });
}

/** A registry change can touch a person, their household, the building grid and the search. */
function useRegistryMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: registryKeys.all }),
  });
}

type WithId<T> = { id: string } & T;

/** 查看完整号码: the full 身份证号 or phone, with a reason; audited by the server, never cached. */
export function useRevealPerson() {
  return useMutation({
    mutationFn: ({ id, ...body }: WithId<typeof RevealBody.static>) =>
      api.post<typeof Revealed.static>(`/api/registry/persons/${id}/reveal`, body),
  });
}

export function useUpdatePerson() {
  return useRegistryMutation(({ id, ...body }: WithId<typeof UpdatePersonBody.static>) =>
    api.patch<PersonProfile>(`/api/registry/persons/${id}`, body),
  );
}

/** 迁出 / 死亡 / 流动人口离开. */
export function useRecordPersonEvent() {
  return useRegistryMutation(({ id, ...body }: WithId<typeof PersonEventBody.static>) =>
    api.post<PersonProfile>(`/api/registry/persons/${id}/events`, body),
  );
}

export function useAddTag() {
  return useRegistryMutation(({ id, ...body }: WithId<typeof AddTagBody.static>) =>
    api.post<unknown>(`/api/registry/persons/${id}/tags`, body),
  );
}

export function useEndTag() {
  return useRegistryMutation(({ id, ...body }: WithId<typeof EndTagBody.static>) =>
    api.post<unknown>(`/api/registry/person-tags/${id}/end`, body),
  );
}

/** 开户: a household at a vacant room, with its head. */
export function useCreateHousehold() {
  return useRegistryMutation((body: typeof CreateHouseholdBody.static) =>
    api.post<Household>('/api/registry/households', body),
  );
}

export function useAddMember() {
  return useRegistryMutation(({ id, ...body }: WithId<typeof AddMemberBody.static>) =>
    api.post<Household>(`/api/registry/households/${id}/members`, body),
  );
}

/** 分户: the chosen members form a new household; the answer is the new one. */
export function useSplitHousehold() {
  return useRegistryMutation(({ id, ...body }: WithId<typeof SplitHouseholdBody.static>) =>
    api.post<Household>(`/api/registry/households/${id}/split`, body),
  );
}

/** 并户: this household's members join another; the answer is the one they joined. */
export function useMergeHousehold() {
  return useRegistryMutation(({ id, ...body }: WithId<typeof MergeHouseholdBody.static>) =>
    api.post<Household>(`/api/registry/households/${id}/merge`, body),
  );
}

export function useCreateBuilding() {
  return useRegistryMutation((body: typeof CreateBuildingBody.static) =>
    api.post<Building>('/api/registry/buildings', body),
  );
}

export function useUpdateFacility() {
  return useRegistryMutation(({ id, ...body }: WithId<typeof UpdateFacilityBody.static>) =>
    api.patch<FacilityRow>(`/api/registry/facilities/${id}`, body),
  );
}

export function useCreateTag() {
  return useRegistryMutation((body: typeof CreateTagBody.static) => api.post<Tag>('/api/registry/tags', body));
}

export function useUpdateTag() {
  return useRegistryMutation(({ code, ...body }: { code: string } & typeof UpdateTagBody.static) =>
    api.patch<Tag>(`/api/registry/tags/${encodeURIComponent(code)}`, body),
  );
}

/** 确认导入: the checked rows are written in one transaction; the import is polled meanwhile. */
export function useCommitImport() {
  return useRegistryMutation((id: string) => api.post<RegistryImport>(`/api/registry/imports/${id}/commit`));
}
