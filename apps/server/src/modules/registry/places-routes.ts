/** HTTP for the places of the registry (/api/registry/…): buildings, rooms, organisations, facilities, map. */
import {
  Building,
  BuildingQuery,
  BuildingView,
  CreateBuildingBody,
  CreateFacilityBody,
  CreateOrganisationBody,
  CreateRoomBody,
  ErrorBody,
  Facility,
  MapCollection,
  MapQuery,
  Organisation,
  Page,
  PlacesQuery,
  Room,
  Uid,
  UpdateBuildingBody,
  UpdateFacilityBody,
  UpdateOrganisationBody,
  UpdateRoomBody,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createPlacesService } from './places-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = Type.Object({ id: Uid });
const read = { access: 'registry:read' as const };
const change = { access: 'registry:write' as const };
const tags = ['registry'];

export function placesRoutes(app: App, deps: AppDeps) {
  const places = createPlacesService({
    clock: deps.clock,
    keys: deps.keys,
    accessLog: deps.accessLog,
    mapTiles: deps.config.mapTiles,
  });

  // ── Buildings and rooms (一标) ──────────────────────────────────────────────────────────────
  app.get(
    '/api/registry/buildings',
    {
      schema: {
        tags,
        summary: 'Buildings in my scope, or in one unit of it',
        querystring: BuildingQuery,
        response: { 200: Page(Building), ...errors },
      },
      config: read,
    },
    (req) => places.listBuildings(deps.db, req.scope, req.query),
  );
  app.post(
    '/api/registry/buildings',
    {
      schema: {
        tags,
        summary: 'Add a building to a grid, optionally laying out its 单元 and rooms',
        body: CreateBuildingBody,
        response: { 201: BuildingView, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => places.createBuilding(trx, req.scope, req.body), 201),
  );
  app.get(
    '/api/registry/buildings/:id',
    {
      schema: {
        tags,
        summary: 'A building as a grid of rooms: occupied, rented out or vacant',
        params: Params,
        response: { 200: BuildingView, ...errors },
      },
      config: read,
    },
    (req) => places.viewBuilding(deps.db, req.scope, req.params.id),
  );
  app.patch(
    '/api/registry/buildings/:id',
    {
      schema: {
        tags,
        summary: 'Correct a building',
        params: Params,
        body: UpdateBuildingBody,
        response: { 200: Building, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => places.updateBuilding(trx, req.scope, req.params.id, req.body)),
  );
  app.post(
    '/api/registry/buildings/:id/rooms',
    {
      schema: {
        tags,
        summary: 'Add a room to a building (and its 单元 when new)',
        params: Params,
        body: CreateRoomBody,
        response: { 201: Room, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => places.createRoom(trx, req.scope, req.params.id, req.body), 201),
  );
  app.get(
    '/api/registry/rooms/:id',
    {
      schema: { tags, summary: 'A room with its standard address', params: Params, response: { 200: Room, ...errors } },
      config: read,
    },
    (req) => places.getRoom(deps.db, req.scope, req.params.id),
  );
  app.patch(
    '/api/registry/rooms/:id',
    {
      schema: {
        tags,
        summary: 'Mark a room as let to tenants (出租屋) or not',
        params: Params,
        body: UpdateRoomBody,
        response: { 200: Room, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => places.updateRoom(trx, req.scope, req.params.id, req.body)),
  );

  // ── Organisations (实有单位) ────────────────────────────────────────────────────────────────
  app.get(
    '/api/registry/organisations',
    {
      schema: {
        tags,
        summary: 'Enterprises, shops and institutions in my scope',
        querystring: PlacesQuery,
        response: { 200: Page(Organisation), ...errors },
      },
      config: read,
    },
    (req) => places.listOrganisations(deps.db, req.scope, req.query),
  );
  app.post(
    '/api/registry/organisations',
    {
      schema: {
        tags,
        summary: 'Register an organisation at an address',
        body: CreateOrganisationBody,
        response: { 201: Organisation, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => places.createOrganisation(trx, req.scope, req.body), 201),
  );
  app.patch(
    '/api/registry/organisations/:id',
    {
      schema: {
        tags,
        summary: 'Close an organisation or correct its contact and size',
        params: Params,
        body: UpdateOrganisationBody,
        response: { 200: Organisation, ...errors },
      },
      config: change,
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => places.updateOrganisation(trx, req.scope, req.params.id, req.body)),
  );

  // ── Facilities and the map (活地图) ──────────────────────────────────────────────────────────
  app.get(
    '/api/registry/facilities',
    {
      schema: {
        tags,
        summary: 'Public facilities (hydrants, cameras, lamps …) in my scope',
        querystring: PlacesQuery,
        response: { 200: Page(Facility), ...errors },
      },
      config: read,
    },
    (req) => places.listFacilities(deps.db, req.scope, req.query),
  );
  app.post(
    '/api/registry/facilities',
    {
      schema: {
        tags,
        summary: 'Add a facility with its coordinates',
        body: CreateFacilityBody,
        response: { 201: Facility, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => places.createFacility(trx, req.scope, req.body), 201),
  );
  app.patch(
    '/api/registry/facilities/:id',
    {
      schema: {
        tags,
        summary: 'Mark a facility faulty, repaired or retired, or move it',
        params: Params,
        body: UpdateFacilityBody,
        response: { 200: Facility, ...errors },
      },
      config: change,
    },
    (req, reply) => write(deps, req, reply, (trx) => places.updateFacility(trx, req.scope, req.params.id, req.body)),
  );
  app.get(
    '/api/registry/map',
    {
      schema: {
        tags,
        summary: 'GeoJSON of a unit’s buildings, organisations and facilities, with the tile template',
        querystring: MapQuery,
        response: { 200: MapCollection, ...errors },
      },
      config: read,
    },
    (req) => places.map(deps.db, req.scope, req.query.unit),
  );
}
