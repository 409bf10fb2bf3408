/** HTTP for persons, households, life events, tags and reveal (/api/registry/*). */
import {
  AddMemberBody,
  AddTagBody,
  CreateHouseholdBody,
  CreateTagBody,
  EndTagBody,
  ErrorBody,
  Household,
  MergeHouseholdBody,
  PersonEventBody,
  PersonProfile,
  PersonSearchQuery,
  PersonSearchResult,
  RevealBody,
  Revealed,
  SplitHouseholdBody,
  TagDefinition,
  Uid,
  UpdatePersonBody,
  UpdateTagBody,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createHouseholdsService } from './households-service.ts';
import { createPeopleService } from './people-service.ts';
import { createTagsService } from './tags-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = Type.Object({ id: Uid });
const TagParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }) });
const read = { access: 'registry:read' as const };
const change = { access: 'registry:write' as const };
const tags = ['registry'];

export function peopleRoutes(app: App, deps: AppDeps) {
  const people = createPeopleService(deps);
  const households = createHouseholdsService(deps);
  const tagging = createTagsService(deps);

  // ── Persons ──
  app.get(
    '/api/registry/persons',
    {
      schema: {
        tags,
        summary: 'Search persons in my area (masked)',
        querystring: PersonSearchQuery,
        response: { 200: PersonSearchResult, ...errors },
      },
      config: read,
    },
    (req) => people.search(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/registry/persons/:id',
    {
      schema: {
        tags,
        summary: 'A person’s profile (活档案), masked; the view is logged',
        params: Params,
        response: { 200: PersonProfile, ...errors },
      },
      config: read,
    },
    (req) => people.view(deps.db, req.scope, req.params.id),
  );
  app.patch(
    '/api/registry/persons/:id',
    {
      schema: {
        tags,
        summary: 'Correct a person’s record, with a reason',
        params: Params,
        body: UpdatePersonBody,
        response: { 200: PersonProfile, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => people.update(trx, req.scope, req.params.id, req.body)),
  );
  app.post(
    '/api/registry/persons/:id/reveal',
    {
      schema: {
        tags,
        summary: 'The full 身份证号 or phone, for a reason; needs TOTP; audited',
        params: Params,
        body: RevealBody,
        response: { 200: Revealed, ...errors },
      },
      config: { access: 'registry:reveal' as const },
    },
    (req, reply) => write(deps, req, reply, (trx) => people.reveal(trx, req.scope, req.params.id, req.body)),
  );
  app.post(
    '/api/registry/persons/:id/events',
    {
      schema: {
        tags,
        summary: 'Record a move out, death or migrant departure',
        params: Params,
        body: PersonEventBody,
        response: { 200: PersonProfile, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => people.recordEvent(trx, req.scope, req.params.id, req.body)),
  );
  app.post(
    '/api/registry/persons/:id/tags',
    {
      schema: {
        tags,
        summary: 'Set a tag on a person',
        params: Params,
        body: AddTagBody,
        response: { 201: PersonProfile, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => tagging.tagPerson(trx, req.scope, req.params.id, req.body), 201),
  );
  app.post(
    '/api/registry/person-tags/:id/end',
    {
      schema: {
        tags,
        summary: 'End a person’s tag',
        params: Params,
        body: EndTagBody,
        response: { 200: PersonProfile, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => tagging.endTag(trx, req.scope, req.params.id, req.body)),
  );

  // ── Households ──
  app.post(
    '/api/registry/households',
    {
      schema: {
        tags,
        summary: 'Open a household at a room with its head',
        body: CreateHouseholdBody,
        response: { 201: Household, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => households.create(trx, req.scope, req.body), 201),
  );
  app.get(
    '/api/registry/households/:id',
    {
      schema: {
        tags,
        summary: 'A household with its members, problems and former members',
        params: Params,
        response: { 200: Household, ...errors },
      },
      config: read,
    },
    (req) => households.view(deps.db, req.scope, req.params.id),
  );
  app.post(
    '/api/registry/households/:id/members',
    {
      schema: {
        tags,
        summary: 'A member joins: birth, move in or migrant arrival',
        params: Params,
        body: AddMemberBody,
        response: { 201: Household, ...errors },
      },
      config: change,
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => households.addMember(trx, req.scope, req.params.id, req.body), 201),
  );
  app.post(
    '/api/registry/households/:id/split',
    {
      schema: {
        tags,
        summary: 'Split members out into a new household (分户); answers the new household',
        params: Params,
        body: SplitHouseholdBody,
        response: { 201: Household, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => households.split(trx, req.scope, req.params.id, req.body), 201),
  );
  app.post(
    '/api/registry/households/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge this household into another (并户); answers the other household',
        params: Params,
        body: MergeHouseholdBody,
        response: { 200: Household, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => households.merge(trx, req.scope, req.params.id, req.body)),
  );

  // ── Tag definitions ──
  app.get(
    '/api/registry/tags',
    {
      schema: {
        tags,
        summary: 'Tag definitions, built-in and the district’s own',
        response: { 200: Type.Array(TagDefinition), ...errors },
      },
      config: read,
    },
    () => tagging.list(deps.db),
  );
  app.post(
    '/api/registry/tags',
    {
      schema: { tags, summary: 'Define a tag', body: CreateTagBody, response: { 201: TagDefinition, ...errors } },
      config: { access: 'registry:admin' as const },
    },
    (req, reply) => write(deps, req, reply, (trx) => tagging.create(trx, req.scope, req.body), 201),
  );
  app.patch(
    '/api/registry/tags/:code',
    {
      schema: {
        tags,
        summary: 'Rename, re-flag or retire a district’s own tag',
        params: TagParams,
        body: UpdateTagBody,
        response: { 200: TagDefinition, ...errors },
      },
      config: { access: 'registry:admin' as const },
    },
    (req, reply) => write(deps, req, reply, (trx) => tagging.update(trx, req.scope, req.params.code, req.body)),
  );
}
